"""HTTP routers: parse, authorise, call a service, return a schema."""
