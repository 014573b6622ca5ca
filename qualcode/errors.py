"""The one exception the shells turn into a clean, one-line-per-problem message."""


class QualcodeError(Exception):
    """Bad input or a refused action; the message is already phrased for the user.

    `problems` holds one line per problem (e.g. every bad CSV row as `FILE:LINE: reason`).
    """

    def __init__(self, *problems: str) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problems))
