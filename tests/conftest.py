"""Fixtures shared by every test folder: the CLI called in-process through `lib.cli.main(argv)`."""

import json
from dataclasses import dataclass

import pytest

from lib.cli import main


@dataclass(frozen=True)
class Run:
    """What one call of the CLI left: its exit code and what it printed."""

    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys):
    """Call `main(argv)` in this process, the way datasette's tests use `runner.invoke`."""

    def run(*args) -> Run:
        code = main([str(arg) for arg in args])  # an exception escaping main fails the test
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return Run(code, captured.out, captured.err)

    return run
