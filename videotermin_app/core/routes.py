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
HEALTH = "/health"
METRICS = "/metrics"
HOME = "/"


def personal_link(base_url: str, token: str) -> str:
    """The personal link `{base_url}/vkid/{token}` that goes into every invitation."""
    return f"{base_url.rstrip('/')}{VKID_PREFIX}{token}"


def token_from_path(path: str) -> str:
    """The token of a `/vkid/{token}` path ('' when the path is something else)."""
    if not path.startswith(VKID_PREFIX):
        return ""
    return path[len(VKID_PREFIX) :].strip("/").split("/", 1)[0]
