"""Whether a handle-shaped value is a *person's* login, or a machine, a role, a host, a file or a code.

Login handles share their shape ("letters, digits and ._-, no spaces") with a great many things nobody chose
for themselves: service accounts (`svc_backup`, `jenkins`), roles (`admin`, `viewer`), hosts (`web-01`,
`db01.prod.local`), domains, file names, product codes (`AB-1234`), slugs (`summer-sale-2023`) and enum
values. A person's handle usually carries a name: `anna.berg`, `jdoe85`, `mike_t`, `smithjohn`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from orca_core.scan.detect import gazetteers as gz
from orca_core.scan.detect import validators as va

# Accounts and roles that systems create, not people.
SYSTEM_ACCOUNTS: frozenset[str] = frozenset(
    {"root", "admin", "administrator", "admins", "system", "sys", "sysadmin", "service", "daemon", "nobody",
     "guest", "anonymous", "anon", "test", "tester", "testuser", "demo", "support", "helpdesk", "info",
     "noreply", "no-reply", "postmaster", "webmaster", "hostmaster", "www-data", "www", "apache", "nginx",
     "httpd", "mysql", "postgres", "oracle", "sa", "dbo", "jenkins", "gitlab-runner", "github-actions", "bot",
     "robot", "cron", "scheduler", "automation", "api", "batch", "etl", "import", "importer", "migration",
     "sync", "integration", "workflow", "unknown", "null", "none", "user", "users", "default", "operator",
     "ops", "devops", "backup", "monitor", "monitoring", "nagios", "zabbix", "ansible", "terraform", "deploy",
     "deployer", "ci", "build", "builder", "svc", "local", "localhost", "everyone", "public", "internal",
     "external", "auto", "autosystem", "editor", "viewer", "owner", "member", "reader", "writer",
     "contributor", "moderator", "superuser", "staff", "manager", "analyst", "developer", "agent",
     "customer", "client", "partner", "vendor", "supplier", "employee", "team", "group", "dev", "prod",
     "production", "staging", "sandbox", "qa", "uat", "master", "main", "primary", "secondary", "replica",
     "dependabot", "renovate", "snyk", "sonar", "bamboo", "teamcity", "azure", "aws", "gcp", "firebase",
     "salesforce", "sap", "servicenow", "zendesk", "jira", "slack", "teams", "webhook", "lambda", "worker",
     "queue", "job", "task", "service-account", "serviceaccount", "healthcheck", "probe", "loadbalancer"}
)  # fmt: skip
_SYSTEM_AFFIXES = re.compile(
    r"^(?:svc|srv|sys|sa|app|api|bot|svcacct|service|system|tech|int|batch|etl|adm)[._-]"
    r"|[._-](?:bot|svc|service|sa|api|runner|job|daemon|worker|agent|system|sync|etl|batch)$|\[bot\]$",
    re.IGNORECASE,
)
# First words of host names: machines are named for their role, then numbered.
_HOST_WORDS: frozenset[str] = frozenset(
    {"web", "www", "db", "app", "srv", "server", "host", "node", "vm", "prod", "dev", "stg", "staging", "test",
     "api", "mail", "smtp", "imap", "proxy", "lb", "k8s", "kube", "worker", "cache", "redis", "sql", "dc", "fw",
     "gw", "router", "switch", "sw", "nas", "ws", "pc", "laptop", "desktop", "printer", "prn", "ap", "edge",
     "ns", "dns", "vpn", "ftp", "backup", "ci", "build", "docker", "container", "pod", "ip", "ec2", "gke",
     "eks", "aks", "lnx", "win", "linux", "ubuntu", "centos", "esx", "esxi", "hyperv", "rds", "elastic",
     "kafka", "rabbit", "mq", "storage", "s3", "bucket", "cdn", "frontend", "backend", "ingress"}
)  # fmt: skip
_TLDS: frozenset[str] = frozenset(
    {"com", "net", "org", "io", "local", "internal", "lan", "corp", "intra", "se", "de", "fr", "nl", "es", "dk",
     "no", "fi", "it", "pl", "uk", "eu", "us", "co", "app", "dev", "cloud", "ai", "gov", "edu", "info", "biz",
     "ch", "at", "be", "ie", "pt", "cz", "localdomain", "home", "arpa"}
)  # fmt: skip
_CODE = re.compile(r"^[A-Z0-9]+(?:[-_./][A-Z0-9]+)*$")  # AB-1234, SKU_99, X7Y2: upper case with digits
_SPLIT = re.compile(r"[._\-@]+")
_LETTERS = re.compile(r"[a-z]+")


def _is_host_or_domain(value: str) -> bool:
    lowered = value.lower()
    parts = _SPLIT.split(lowered)
    if "." in lowered and lowered.rsplit(".", 1)[-1] in _TLDS and lowered.count(".") >= 1:
        first = parts[0]
        # "anna.berg" is a person; "mail.example.com", "db01.prod.local", "example.se" are places on a network
        if lowered.count(".") >= 2 or (len(first) > 2 and first not in gz.first_names()):
            return True
    letters = _LETTERS.findall(lowered)
    return bool(letters) and letters[0] in _HOST_WORDS and any(ch.isdigit() or ch in "-." for ch in lowered)


def _is_file_name(value: str) -> bool:
    stem, dot, extension = value.rpartition(".")
    return bool(dot and stem) and extension.lower() in va.FILE_EXTENSIONS


def _is_slug(value: str) -> bool:
    # Three or more lower-case words joined by hyphens: a URL slug or a tag ("summer-sale-2023").
    return value.islower() and value.count("-") >= 2 and " " not in value


@lru_cache(maxsize=65536)
def non_personal_handle(value: str) -> bool:
    """Service/system accounts, roles, hosts, domains, file names, product codes and slugs."""
    value = value.strip().lstrip("@")
    folded = value.lower()
    if folded in SYSTEM_ACCOUNTS or _SYSTEM_AFFIXES.search(value):
        return True
    if _is_host_or_domain(value) or _is_file_name(value) or _is_slug(value):
        return True
    return bool(_CODE.match(value)) and any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value)


def _name_part(word: str) -> bool:
    first, last = gz.first_names(), gz.last_names()
    if len(word) >= 2 and (word in first or word in last) and word not in gz.COMMON_WORDS:
        return True
    # initial + surname ("jdoe", "asmith") or two names run together ("smithjohn", "annaberg")
    for cut in range(1, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if (cut == 1 or head in first or head in last) and (tail in last or tail in first) and len(tail) >= 3:
            return True
    return False


@lru_cache(maxsize=65536)
def personal_handle(value: str) -> bool:
    """A handle that reads as a person's: a name-like part with digits, dots, underscores or hyphens
    ('anna.berg', 'jdoe85', 'mike_t', 'kalle_92'), or an initial or two names run together ('jsmith')."""
    value = value.strip().lstrip("@")
    if not va.handle_shape(value) or non_personal_handle(value):
        return False
    lowered = value.lower()
    words = _LETTERS.findall(lowered)
    if not words:
        return False
    marked = any(ch.isdigit() or ch in "._-" for ch in value)
    if any(_name_part(word) for word in words):
        return marked or value.islower() or (len(words) == 1 and not value.istitle())
    # No listed name: a lower-case word with digits ("gamer42") is still a chosen handle; snake_case words
    # without digits ("order_created") are identifiers in code.
    return value.islower() and any(ch.isdigit() for ch in value) and any(len(word) >= 3 for word in words)
