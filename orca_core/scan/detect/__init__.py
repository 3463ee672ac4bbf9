"""Personal-data detection: one verdict per column from header words, validated values and gazetteers."""
