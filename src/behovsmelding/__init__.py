"""Behovsmelding: read, check and handle needs reports for collective competence development.

The core (``record``, ``readers``, ``checks``) imports no web framework.
"""

__version__ = "0.1.0"
