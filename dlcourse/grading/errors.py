"""The one exception every grading check raises."""


class CheckFailed(AssertionError):
    """A student's answer is wrong or missing; the message says how and what to try."""
