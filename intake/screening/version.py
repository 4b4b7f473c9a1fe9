"""The version of the screening rules and knowledge base.

Bump it whenever a rule, a severity, an action or a data file changes, so that a stored
flag says which rules produced it (CLINICAL.md: "the admin should be able to see which
version of the rules produced a flag").
"""

RULES_VERSION = "2026.12.2"
