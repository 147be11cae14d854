"""The exceptions lurescan raises. Defined in Python so that each can subclass both the package
base class and the standard exception users already catch."""

from __future__ import annotations


class LurescanError(Exception):
    """Base class of every error lurescan raises."""


class RuleError(LurescanError, ValueError):
    """A rule pack is broken: the message, and the attributes, say where."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        rule_id: str | None = None,
    ) -> None:
        super().__init__(message)
        #: The pack file (or the name of a pack given as text).
        self.file = file
        #: The 1-based line in that file.
        self.line = line
        #: The id of the rule or allowlist at fault.
        self.rule_id = rule_id

    def __reduce__(self):  # keep attributes through pickling (multiprocessing, Spark)
        return (type(self), (str(self), self.file, self.line, self.rule_id))
