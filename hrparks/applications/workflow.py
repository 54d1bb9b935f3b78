"""The designation workflow of 第六条 as one declarative table (to be written).

OPEN_STATES: the states in which an application counts as "under application" (submitted and not
yet decided), used by the 第四条 one-comprehensive-park-per-city check."""

OPEN_STATES: frozenset[str] = frozenset()
