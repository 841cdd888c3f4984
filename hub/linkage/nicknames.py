"""Given names that agencies record for the same child: the formal name and its short forms.

One school records "Alexander", the police "Alex", the trust "Alex" again: these are one
name for matching. Each group lists the forms; the first is the canonical form a record's
given name is compared by.

>>> canonical("Freddie"), canonical("Alfred"), canonical("Oana")
('frederick', 'alfred', 'oana')
"""

from __future__ import annotations

GROUPS: tuple[tuple[str, ...], ...] = (
    ("Alexander", "Alex", "Xander"), ("Alfred", "Alfie", "Alf"),
    ("Archibald", "Archie"), ("Benjamin", "Ben", "Benji"), ("Bethany", "Beth"),
    ("Charles", "Charlie", "Chaz"), ("Daniel", "Dan", "Danny"), ("Eleanor", "Ellie", "Nell"),
    ("Elijah", "Eli"), ("Emily", "Em", "Emmy"), ("Francis", "Frankie", "Frank"),
    ("Frederick", "Freddie", "Fred"), ("Georgia", "Georgie"), ("Hannah", "Han"),
    ("Henry", "Harry", "Hal"), ("Harvey", "Harv"), ("Isabella", "Izzy", "Bella"),
    ("Jacob", "Jake", "Jay"), ("James", "Jamie", "Jim"), ("Jessica", "Jess", "Jessie"),
    ("Jordan", "Jord"), ("Joshua", "Josh"), ("Julian", "Jules"), ("Katherine", "Katie", "Kate"),
    ("Kayleigh", "Kayley", "Kaylee"), ("Lewis", "Lou"), ("Louis", "Louie"),
    ("Margaret", "Maisie", "Maggie"), ("Maximilian", "Max"), ("Amelia", "Millie", "Milly"),
    ("Mohammed", "Muhammad", "Mohammad", "Mo"), ("Nathaniel", "Nathan", "Nat"),
    ("Nicola", "Nicky", "Nikki"), ("Oliver", "Ollie", "Olly"), ("Olivia", "Liv", "Livvy"),
    ("Phoebe", "Phebe"), ("Rebecca", "Becky"), ("Reuben", "Ruben"), ("Robin", "Rob"),
    ("Rose", "Rosie"), ("Samuel", "Sam", "Sammy"), ("Scarlett", "Scarlet"),
    ("Sophie", "Sophia", "Soph"), ("Theodore", "Theo"), ("Matilda", "Tilly", "Tillie"),
    ("Tobias", "Toby", "Tobi"), ("Thomas", "Tomas", "Tom", "Tommy"), ("Tyrone", "Ty"),
    ("Zachary", "Zach", "Zack"), ("Zoe", "Zoey"), ("Ibrahim", "Ibby"), ("Stefan", "Steph"),
    ("Chidi", "Chidiebere"), ("Adebayo", "Ade"), ("Tunde", "Babatunde"),
)

_CANONICAL: dict[str, str] = {form.lower(): group[0].lower() for group in GROUPS for form in group}
VARIANTS: dict[str, tuple[str, ...]] = {
    form: tuple(other for other in group if other != form) for group in GROUPS for form in group
}


def canonical(given: str) -> str:
    """The canonical lower-case form of a given name: its group's first form, or itself."""
    key = given.strip().lower()
    return _CANONICAL.get(key, key)
