"""Invented names: people, streets, wards, businesses and line names for the fictional county.

Given and family names are drawn independently, so every full name is a fiction even
where a part of it is common; street, ward and business names are made up from word
lists rather than taken from a map.
"""

from __future__ import annotations

import random

GIVEN_FEMALE: dict[str, tuple[str, ...]] = {
    "white": (
        "Amelia", "Ava", "Bethany", "Chloe", "Daisy", "Eleanor", "Ella", "Emily", "Erin",
        "Evie", "Freya", "Georgia", "Grace", "Hannah", "Holly", "Imogen", "Isla", "Jade",
        "Jessica", "Katie", "Kayleigh", "Lacey", "Leah", "Lily", "Lola", "Lucy", "Maisie",
        "Megan", "Mia", "Millie", "Molly", "Niamh", "Olivia", "Paige", "Phoebe", "Poppy",
        "Rosie", "Ruby", "Scarlett", "Sophie", "Summer", "Tegan", "Tilly", "Zoe",
        "Karen", "Julie", "Tracey", "Nicola", "Michelle", "Joanne", "Claire", "Donna",
    ),
    "black": (
        "Abena", "Adaeze", "Amara", "Chiamaka", "Efua", "Ife", "Imani", "Kemi", "Makeda",
        "Nia", "Nkechi", "Shanice", "Simone", "Tanisha", "Tiana", "Yetunde", "Zara",
    ),
    "asian": (
        "Aaliyah", "Amira", "Anika", "Ayesha", "Fatima", "Hafsa", "Inaya", "Jasleen",
        "Khadija", "Maryam", "Nadia", "Priya", "Rania", "Sana", "Simran", "Zainab",
    ),
    "other": (
        "Agnieszka", "Alina", "Daria", "Elif", "Ioana", "Kasia", "Lina", "Marta", "Natalia",
        "Oana", "Roza", "Sofia", "Vanessa", "Yara",
    ),
}

GIVEN_MALE: dict[str, tuple[str, ...]] = {
    "white": (
        "Alfie", "Archie", "Ben", "Bradley", "Callum", "Charlie", "Connor", "Dylan", "Ethan",
        "Finley", "Freddie", "George", "Harley", "Harry", "Harvey", "Jack", "Jacob", "Jake",
        "Jamie", "Jayden", "Josh", "Kai", "Kyle", "Leo", "Lewis", "Liam", "Logan", "Louie",
        "Mason", "Max", "Noah", "Oliver", "Oscar", "Reece", "Riley", "Ryan", "Sam", "Theo",
        "Toby", "Tyler", "Zach", "Darren", "Gary", "Lee", "Mark", "Paul", "Shane", "Wayne",
    ),
    "black": (
        "Ade", "Chidi", "Daniel", "Elijah", "Emeka", "Isaiah", "Jerome", "Kwame", "Kofi",
        "Malachi", "Nathaniel", "Obi", "Reuben", "Tobi", "Tunde", "Tyrone", "Zion",
    ),
    "asian": (
        "Aarav", "Arjun", "Ayaan", "Bilal", "Hamza", "Harjit", "Ibrahim", "Imran", "Ishaan",
        "Kabir", "Muhammad", "Omar", "Rayan", "Rohan", "Sahil", "Yusuf", "Zayn",
    ),
    "other": (
        "Andrei", "Bartek", "Cristian", "Dawid", "Emre", "Jakub", "Kacper", "Luca", "Mateo",
        "Mihai", "Nikola", "Pavel", "Stefan", "Tomas",
    ),
}

GIVEN_NEUTRAL: tuple[str, ...] = (
    "Alex", "Ash", "Bailey", "Charlie", "Eden", "Frankie", "Jordan", "Jules", "Morgan",
    "Quinn", "Remy", "Riley", "Robin", "Rowan", "Sage", "Sky",
)

FAMILY: dict[str, tuple[str, ...]] = {
    "white": (
        "Ashcombe", "Bellworth", "Birtles", "Blanchard", "Bramley", "Brennock", "Carrow",
        "Catterall", "Chalcott", "Cotterill", "Cradock", "Dalby", "Darnell", "Delacourt",
        "Eastwood", "Eddlestone", "Fairbrother", "Farrant", "Fenwick", "Gatling", "Glossop",
        "Greaves", "Hadley", "Halloran", "Harcastle", "Hargreave", "Heskett", "Holloway",
        "Ingleby", "Jessop", "Kearsley", "Kitteridge", "Lambourne", "Langridge", "Loxley",
        "Mabbott", "Marlowe", "Mossop", "Nethercott", "Northcote", "Oakes", "Ottley",
        "Pannell", "Pelling", "Pritchett", "Quarrie", "Radcliffe", "Rawcliffe", "Redfern",
        "Rudge", "Salter", "Scarrow", "Shipley", "Sillitoe", "Stebbing", "Tapsell",
        "Thirkettle", "Tolley", "Treadwell", "Tunnicliffe", "Upcott", "Vardy", "Wagstaff",
        "Warburton", "Whitlock", "Wickens", "Winship", "Yardley", "Kowalczyk", "Nowicki",
        "O'Dwyer", "McAllister", "Finnegan", "Gallacher", "Kerrigan", "Lennox",
    ),
    "black": (
        "Adebayo", "Agyeman", "Akinola", "Asante", "Boateng", "Campbell-Reid", "Danquah",
        "Efosa", "Eze", "Fashola", "Ifeanyi", "Mensah-Cole", "Nwachukwu", "Ogunleye",
        "Okonkwo", "Osei", "Oyelaran", "Thompson-Gayle",
    ),
    "asian": (
        "Akhtar", "Bhandari", "Chaudhry", "Dhaliwal", "Gill", "Hussain", "Iqbal", "Kapoor",
        "Malik", "Mistry", "Parekh", "Qureshi", "Rahman", "Sandhu", "Siddiqui", "Thakkar",
    ),
    "other": (
        "Dimitrov", "Ionescu", "Kaya", "Lazarescu", "Moreira", "Novak", "Petrauskas",
        "Popescu", "Santos", "Yilmaz",
    ),
}

STREET_WORDS: tuple[str, ...] = (
    "Alder", "Ashdown", "Barley", "Beacon", "Bramble", "Brookside", "Buttercup", "Cedar",
    "Chestnut", "Clover", "Coppice", "Cowslip", "Dovecote", "Elder", "Elm", "Fallow",
    "Fern", "Finch", "Foxglove", "Furrow", "Gorse", "Harebell", "Hawthorn", "Hazel",
    "Heather", "Heron", "Hollybush", "Hopfield", "Juniper", "Kestrel", "Kingcup",
    "Lapwing", "Larch", "Laurel", "Linnet", "Lupin", "Mallard", "Maple", "Marigold",
    "Mulberry", "Nightingale", "Oakapple", "Orchard", "Osier", "Otter", "Pippin",
    "Plover", "Poplar", "Primrose", "Quince", "Reedbed", "Rowan", "Saffron", "Sandpiper",
    "Sorrel", "Spindle", "Starling", "Swallow", "Sycamore", "Tansy", "Teasel", "Thistle",
    "Thrush", "Wagtail", "Warbler", "Wheatear", "Whitebeam", "Willowherb", "Woodlark",
    "Wren", "Yarrow", "Yew",
)
STREET_KINDS: tuple[str, ...] = (
    "Road", "Close", "Way", "Street", "Lane", "Drive", "Crescent", "Avenue", "Grove",
    "Court", "Walk", "Gardens", "Rise", "Mews",
)

TAKEAWAYS: tuple[str, ...] = (
    "Golden Fryer", "Chicken Shack", "Pizza Point", "Dragon Garden", "Kebab Corner",
    "Peri Flame", "Fish Bar", "Burger Barn", "Spice Lounge", "Noodle Box",
)
SHOPS: tuple[str, ...] = (
    "Convenience Store", "Mini Market", "Off Licence", "Vape Shop", "Food and Wine",
    "Phone Repairs", "Newsagent",
)
OTHER_PLACES: tuple[str, ...] = (
    "Community Centre", "Car Park", "Skate Park", "Leisure Centre", "Retail Park",
    "Playing Fields", "Underpass", "Bus Shelter",
)

LINE_NAMES: tuple[str, ...] = (
    "PANDA", "SKIPZ", "MARLO", "TANGO", "BLUEY", "KAYZ", "RICO", "DUKE", "SNOOPS",
    "ZEDDY", "MANNY", "GHOST", "BANDO", "JAYJAY", "VIPER", "COCO", "FLASH", "NITRO",
    "RAMBO", "SUNNY", "TIZZY", "BOOMER", "CHAMP", "DIESEL", "ECHO", "FROSTY", "GIZMO",
    "HAVOC", "ICEY", "JOKER", "KINGO", "LUCKY", "MOJO", "NEMO", "OZZY", "PRINCE",
    "QUEST", "ROCKET", "SPIKE", "TURBO", "ULTRA", "VEGAS", "WIZZ", "XRAY", "YOYO",
    "ZORRO", "BRAVO", "CAPO", "DRIFT", "EMPIRE",
)

PRACTITIONER_FAMILY: tuple[str, ...] = (
    "Abbott", "Birch", "Carver", "Dunmore", "Elsworth", "Fairley", "Goddard", "Hext",
    "Irwin", "Judd", "Kimber", "Lathom", "Merrow", "Nayler", "Orchard", "Penrose",
    "Quayle", "Rendell", "Sowerby", "Tatham", "Uttley", "Vosper", "Wyatt", "Yeo",
)


def given_name(rng: random.Random, gender: str, ethnicity: str) -> str:
    pool_key = ethnicity if ethnicity in GIVEN_FEMALE else "white"
    if ethnicity == "mixed":
        pool_key = rng.choice(("white", "black", "asian"))
    if gender == "female":
        return rng.choice(GIVEN_FEMALE[pool_key])
    if gender == "male":
        return rng.choice(GIVEN_MALE[pool_key])
    return rng.choice(GIVEN_NEUTRAL)


def family_name(rng: random.Random, ethnicity: str) -> str:
    if ethnicity == "mixed":
        ethnicity = rng.choice(("white", "black", "white", "asian"))
    if ethnicity not in FAMILY or rng.random() < 0.08:
        ethnicity = "white"
    return rng.choice(FAMILY[ethnicity])


def street_name(rng: random.Random) -> str:
    return f"{rng.choice(STREET_WORDS)} {rng.choice(STREET_KINDS)}"
