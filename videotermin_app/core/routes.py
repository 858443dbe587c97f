"""Route constants and link builders: the paths of the contract (docs/contract.md)."""

VKID = "/vkid/[token]"
VKID_PREFIX = "/vkid/"
LOGIN = "/login"
ADVISOR = "/advisor"
STATS = "/stats"
HELP = "/help"
PRIVACY = "/datenschutz"
ACCESSIBILITY = "/barrierefreiheit"
EASY_LANGUAGE = "/leichte-sprache"
IMPRINT = "/impressum"
REVOKE = "/widerruf/[token]"
REVOKE_PREFIX = "/widerruf/"
HEALTH = "/health"
METRICS = "/metrics"
HOME = "/"


def personal_link(base_url: str, token: str) -> str:
    """The personal link `{base_url}/vkid/{token}` that goes into every invitation."""
    return f"{base_url.rstrip('/')}{VKID_PREFIX}{token}"


def revocation_link(base_url: str, token: str) -> str:
    """The "Einwilligung widerrufen" link `{base_url}/widerruf/{token}` of every mail to a participant."""
    return f"{base_url.rstrip('/')}{REVOKE_PREFIX}{token}"


def imprint_link(base_url: str) -> str:
    return f"{base_url.rstrip('/')}{IMPRINT}"


def token_from_path(path: str, prefix: str = VKID_PREFIX) -> str:
    """The token of a `/vkid/{token}` path (or of `prefix`'s path); '' when the path is something else."""
    if not path.startswith(prefix):
        return ""
    return path[len(prefix) :].strip("/").split("/", 1)[0]
