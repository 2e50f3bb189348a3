"""Inventory management: a small but realistic module for completion benchmarks."""
from dataclasses import dataclass, field
from typing import Dict, List, Optional


@dataclass
class Item0:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item1:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item2:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item3:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item4:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item5:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item6:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item7:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:
        """Return quantity times price."""
        return self.quantity * self.price

    def restock(self, amount: int) -> None:
        if amount < 0:
            raise ValueError("amount must be positive")
        self.quantity += amount


@dataclass
class Item8:
    name: str
    quantity: int = 0
    price: float = 0.0

    def total_value(self) -> float:

def cheapest(items: List[Item0]) -> Optional[Item0]:
    """Return the item with the lowest price, or None for an empty list."""
    if not items:
        return None
    best = items[0]
    for item in items[1:]:
        
            best = item
    return best
