"""The one error of the costing package: invalid input, with every problem found."""

from __future__ import annotations


class CostingInputError(ValueError):
    """Invalid costing input; `problems` lists (JSON path, French message) pairs, all of them."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.problems))

    def lines(self) -> list[str]:
        """One « path: message » line per problem, as the CLI prints them."""
        return [f"{path}: {message}" if path else message for path, message in self.problems]
