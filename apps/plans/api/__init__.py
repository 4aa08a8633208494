"""REST API of the plan cascade: the same selectors (scoping), services and permissions as the pages.

Every level of the RPJMD (rpjmd.py: Bappeda and the admin write it) and of a Renstra (renstra.py: its department
and Bappeda write it while it is not locked) has its endpoint; what they share is in common.py. Decimals are
strings.
"""

from .renstra import (
    ActivityViewSet,
    ProgramViewSet,
    RenstraGoalViewSet,
    RenstraIndicatorViewSet,
    RenstraViewSet,
    StrategicObjectiveViewSet,
    SubActivityViewSet,
)
from .rpjmd import (
    GoalViewSet,
    MissionViewSet,
    ObjectiveIndicatorViewSet,
    ObjectiveViewSet,
    RpjmdViewSet,
)

__all__ = [
    "ActivityViewSet",
    "GoalViewSet",
    "MissionViewSet",
    "ObjectiveIndicatorViewSet",
    "ObjectiveViewSet",
    "ProgramViewSet",
    "RenstraGoalViewSet",
    "RenstraIndicatorViewSet",
    "RenstraViewSet",
    "RpjmdViewSet",
    "StrategicObjectiveViewSet",
    "SubActivityViewSet",
]
