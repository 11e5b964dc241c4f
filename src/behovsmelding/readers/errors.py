"""The one error type the readers raise: a Norwegian sentence a user can act on."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read as a behovsmelding.

    ``grunn`` is the reason in Norwegian, ready to show a user; ``fil`` names the file.
    """

    def __init__(self, grunn: str, fil: str | None = None) -> None:
        super().__init__(grunn)
        self.grunn = grunn
        self.fil = fil

    def __str__(self) -> str:
        return f"{self.fil}: {self.grunn}" if self.fil else self.grunn
