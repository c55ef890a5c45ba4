"""What each role of a console member may do.

Owners manage members; admins mint and revoke keys, manage webhook endpoints, replay
events and change settings; viewers read everything but secrets. A member reaches the
services as a `Principal` whose scopes follow the role, so the API's own scope checks
hold for the console too.
"""

from enum import StrEnum


class Role(StrEnum):
    owner = "owner"
    admin = "admin"
    viewer = "viewer"


# Owners do all that admins do, and manage members besides.
SCOPES: dict[Role, frozenset[str]] = {
    Role.owner: frozenset({"*"}),
    Role.admin: frozenset({"*"}),
    Role.viewer: frozenset({"read:*"}),
}

# The roles that may change things (keys, endpoints, replays, settings).
CHANGERS = (Role.owner, Role.admin)
# The roles that may manage members.
MANAGERS = (Role.owner,)
