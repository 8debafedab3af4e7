"""Word lists the post generator fills templates from: people, places, pets, jobs, emoji, hashtags."""

from __future__ import annotations

# surface form -> (canonical relation label, grammatical gender: f | m | x)
RELATIONS: dict[str, tuple[str, str]] = {
    "sister": ("sister", "f"), "little sister": ("sister", "f"), "big sister": ("sister", "f"),
    "lil sis": ("sister", "f"), "sis": ("sister", "f"), "older sister": ("sister", "f"),
    "brother": ("brother", "m"), "little brother": ("brother", "m"), "big brother": ("brother", "m"),
    "bro": ("brother", "m"), "younger brother": ("brother", "m"),
    "mom": ("mom", "f"), "mum": ("mom", "f"), "mother": ("mom", "f"), "mama": ("mom", "f"), "momma": ("mom", "f"),
    "dad": ("dad", "m"), "father": ("dad", "m"), "old man": ("dad", "m"), "papa": ("dad", "m"),
    "son": ("son", "m"), "eldest son": ("son", "m"), "youngest son": ("son", "m"), "boy": ("son", "m"),
    "daughter": ("daughter", "f"), "eldest daughter": ("daughter", "f"), "baby girl": ("daughter", "f"),
    "youngest daughter": ("daughter", "f"),
    "friend": ("friend", "x"), "good friend": ("friend", "x"), "dear friend": ("friend", "x"),
    "oldest friend": ("friend", "x"), "buddy": ("friend", "m"), "mate": ("friend", "m"), "pal": ("friend", "x"),
    "best friend": ("best friend", "x"), "bestie": ("best friend", "f"), "bff": ("best friend", "f"),
    "best mate": ("best friend", "m"), "bestfriend": ("best friend", "x"),
    "colleague": ("colleague", "x"), "coworker": ("colleague", "x"), "co-worker": ("colleague", "x"),
    "work wife": ("colleague", "f"), "teammate": ("colleague", "x"),
    "boss": ("boss", "x"), "manager": ("boss", "x"),
    "cousin": ("cousin", "x"), "cuz": ("cousin", "x"),
    "aunt": ("aunt", "f"), "auntie": ("aunt", "f"), "aunty": ("aunt", "f"),
    "uncle": ("uncle", "m"),
    "niece": ("niece", "f"), "nephew": ("nephew", "m"),
    "grandma": ("grandma", "f"), "nan": ("grandma", "f"), "nana": ("grandma", "f"), "granny": ("grandma", "f"),
    "grandmother": ("grandma", "f"), "gran": ("grandma", "f"),
    "grandpa": ("grandpa", "m"), "grandad": ("grandpa", "m"), "granddad": ("grandpa", "m"),
    "grandfather": ("grandpa", "m"), "gramps": ("grandpa", "m"), "pops": ("grandpa", "m"),
    "wife": ("wife", "f"), "husband": ("husband", "m"), "hubby": ("husband", "m"), "wifey": ("wife", "f"),
    "partner": ("partner", "x"), "girlfriend": ("girlfriend", "f"), "boyfriend": ("boyfriend", "m"),
    "gf": ("girlfriend", "f"), "bf": ("boyfriend", "m"),
    "neighbour": ("neighbour", "x"), "neighbor": ("neighbour", "x"), "next door neighbour": ("neighbour", "x"),
    "roommate": ("roommate", "x"), "flatmate": ("roommate", "x"),
    "sister-in-law": ("sister-in-law", "f"), "brother-in-law": ("brother-in-law", "m"),
    "mother-in-law": ("mother-in-law", "f"), "father-in-law": ("father-in-law", "m"),
    "stepdad": ("stepdad", "m"), "stepmom": ("stepmom", "f"), "godson": ("godson", "m"),
    "goddaughter": ("goddaughter", "f"), "godmother": ("godmother", "f"),
}  # fmt: skip

# which relations a template may draw for an event's network subject
PEERS = [
    "sister", "little sister", "big sister", "lil sis", "sis", "older sister", "brother", "little brother",
    "big brother", "bro", "younger brother", "friend", "good friend", "dear friend", "oldest friend", "buddy",
    "mate", "pal", "best friend", "bestie", "bff", "best mate", "bestfriend", "colleague", "coworker",
    "co-worker", "work wife", "teammate", "cousin", "cuz", "neighbour", "neighbor", "roommate", "flatmate",
    "sister-in-law", "brother-in-law", "boss", "manager",
]  # fmt: skip
ELDERS = [
    "mom", "mum", "mother", "mama", "dad", "father", "old man", "papa", "aunt", "auntie", "aunty", "uncle",
    "grandma", "nan", "nana", "granny", "grandmother", "gran", "grandpa", "grandad", "granddad",
    "grandfather", "gramps", "mother-in-law", "father-in-law", "stepdad", "stepmom", "godmother", "boss",
    "manager", "colleague", "neighbour", "neighbor",
]  # fmt: skip
CHILDREN = [
    "son", "eldest son", "youngest son", "boy", "daughter", "eldest daughter", "baby girl",
    "youngest daughter", "niece", "nephew", "godson", "goddaughter", "little brother", "little sister",
    "cousin", "lil sis",
]  # fmt: skip
PARTNERS = ["wife", "husband", "hubby", "wifey", "partner", "girlfriend", "boyfriend", "gf", "bf"]
EVERYONE = sorted(set(PEERS + ELDERS + CHILDREN + PARTNERS))
WOMEN = [
    "sister", "little sister", "big sister", "sis", "older sister", "bestie", "bff", "work wife", "cousin",
    "friend", "best friend", "good friend", "sister-in-law", "daughter", "eldest daughter", "niece",
    "colleague", "coworker", "neighbour", "roommate", "boss",
]  # fmt: skip
OFFSPRING = ["son", "eldest son", "youngest son", "daughter", "eldest daughter", "youngest daughter"]
MEN = [
    "brother",
    "big brother",
    "bro",
    "best mate",
    "mate",
    "buddy",
    "son",
    "nephew",
    "cousin",
    "brother-in-law",
]
COUPLES = [
    ("parents", "my parents", "my parents'"), ("parents", "mum and dad", "mum and dad's"),
    ("parents", "mom and dad", "mom and dad's"), ("grandparents", "my grandparents", "my grandparents'"),
    ("grandparents", "nana and grandad", "nana and grandad's"), ("friend", "our friends", "our friends'"),
    ("sister", "my sister and her husband", "my sister and her husband's"),
    ("brother", "my brother and his wife", "my brother and his wife's"),
    ("aunt", "my aunt and uncle", "my aunt and uncle's"), ("neighbour", "the neighbours", "the neighbours'"),
    ("in-laws", "the in-laws", "the in-laws'"), ("friend", "my best friends", "my best friends'"),
]  # fmt: skip

NAMES_F = [
    "Emma", "Olivia", "Sophie", "Chloe", "Aisha", "Priya", "Maria", "Lucía", "Hannah", "Zoe", "Grace", "Mia",
    "Fatima", "Mei", "Ana", "Leah", "Jess", "Katie", "Becca", "Nadia", "Yuki", "Amara", "Ines", "Freya",
    "Isla", "Chiara", "Sara", "Niamh", "Tanya", "Keisha", "Rosa", "Lena", "Dana", "Ellie", "Ruth",
]  # fmt: skip
NAMES_M = [
    "Jack", "Liam", "Noah", "Oliver", "Mohammed", "Arjun", "Diego", "Lucas", "Tom", "Sam", "Ben", "Kwame",
    "Hiroshi", "Mateo", "Omar", "Jamal", "Connor", "Finn", "Raj", "Pedro", "Marco", "Leo", "Ethan", "Dev",
    "Callum", "Tyler", "Andre", "Ivan", "Kofi", "Josh", "Luca", "Rory", "Theo", "Max", "Dan",
]  # fmt: skip
BABY_NAMES = [
    "Luna", "Aurora", "Ivy", "Willow", "Hazel", "Poppy", "Ada", "Nova", "Mila", "Rosie", "Elodie", "Maya",
    "Oscar", "Arlo", "Jude", "Felix", "Eli", "Rowan", "Milo", "Kai", "Ezra", "Otis", "Reuben", "Aryan",
]  # fmt: skip
CITIES = [
    "Lisbon", "Berlin", "Austin", "Denver", "Manchester", "Leeds", "Glasgow", "Toronto", "Melbourne",
    "Barcelona", "Dublin", "Bristol", "Seattle", "Chicago", "Brooklyn", "Amsterdam", "Porto", "Madrid",
    "Edinburgh", "Cardiff", "Vancouver", "Auckland", "Singapore", "Dubai", "Nairobi", "Lagos", "Mumbai",
    "Bangalore", "Tokyo", "Copenhagen", "Oslo", "Milan", "Paris", "Lyon", "Portland", "Atlanta", "Phoenix",
    "the coast", "the countryside", "the suburbs", "the city", "a small village", "the Highlands",
]  # fmt: skip
HOME_TYPES = [
    "house", "flat", "apartment", "place", "condo", "townhouse", "cottage", "bungalow", "home",
    "first home", "2-bed", "studio", "little house", "forever home",
]  # fmt: skip
COMPANIES = [
    "Google", "Shopify", "Spotify", "Deloitte", "the NHS", "Tesco", "Amazon", "a tiny startup", "Stripe",
    "Accenture", "IKEA", "the council", "a law firm", "Unilever", "BBC", "Monzo", "Salesforce", "a bakery",
    "Siemens", "the local hospital", "Nike", "a design agency", "PwC", "Airbus", "a school in town",
    "Microsoft", "Canva", "Atlassian", "KPMG", "Sainsbury's", "Zara", "a fintech", "Adobe", "HSBC",
]  # fmt: skip
ROLES = [
    "Senior Product Manager", "software engineer", "Head of Marketing", "nurse", "data analyst",
    "teacher", "UX designer", "sous chef", "Account Executive", "project manager", "paralegal",
    "Customer Success Lead", "junior developer", "HR business partner", "store manager", "pharmacist",
    "Data Scientist", "Engineering Manager", "graphic designer", "financial analyst", "barista",
    "Operations Director", "mechanic", "staff nurse", "VP of Sales", "research assistant",
]  # fmt: skip
SCHOOLS = [
    "uni", "university", "college", "high school", "law school", "med school", "nursing school",
    "Oxford", "UCLA", "the University of Leeds", "NYU", "King's College", "Trinity", "Michigan",
    "the police academy", "grad school", "Imperial", "McGill", "the Open University", "community college",
]  # fmt: skip
DEGREES = [
    "a degree in Computer Science", "a Masters in Public Health", "a BSc in Biology", "my MBA",
    "a PhD in Chemistry", "a first class degree in History", "a BA in English", "an MA in Design",
    "a nursing degree", "a law degree", "a diploma in Graphic Design", "my Masters", "a degree in Economics",
    "an engineering degree", "a BEng", "a postgrad certificate", "a teaching degree", "my PhD",
]  # fmt: skip
PETS = [
    "puppy", "kitten", "rescue dog", "rescue cat", "golden retriever puppy", "cockapoo", "bunny",
    "labrador", "dachshund", "french bulldog", "tabby kitten", "border collie", "beagle", "parrot",
    "guinea pig", "hamster", "greyhound", "ragdoll kitten", "corgi", "staffie", "pup", "kitty",
    "shih tzu", "husky", "lurcher", "black cat", "two kittens", "bearded dragon",
]  # fmt: skip
PET_NAMES = [
    "Biscuit", "Luna", "Mochi", "Pepper", "Milo", "Bella", "Rocky", "Noodle", "Waffles", "Ziggy", "Pickles",
    "Bear", "Olive", "Toast", "Nala", "Simba", "Coco", "Ollie", "Poppy", "Mango", "Pretzel", "Dexter",
]  # fmt: skip
AGES = [1, 2, 3, 5, 7, 10, 13, 16, 18, 21, 25, 30, 35, 40, 45, 50, 60, 65, 70, 75, 80]
YEARS_TOGETHER = [2, 3, 5, 7, 10, 12, 15, 20, 25, 30, 40, 50]

EMOJI: dict[str, list[str]] = {
    "birthday": ["🎂", "🎉", "🥳", "🎈", "🎁", "🍰", "🎊", "❤️", "🥂"],
    "anniversary": ["💕", "❤️", "💍", "🥂", "🌹", "💑", "😍", "✨"],
    "wedding": ["💍", "👰", "🤵", "💒", "💐", "🥂", "❤️", "✨", "🎉"],
    "engagement": ["💍", "💎", "😭", "❤️", "🥹", "✨", "🎉", "💕"],
    "new_baby": ["👶", "🍼", "💙", "💗", "🎀", "😭", "❤️", "🥰"],
    "pregnancy": ["🤰", "👶", "🍼", "💕", "🥹", "✨", "🌈"],
    "graduation": ["🎓", "📜", "🎉", "👩‍🎓", "👨‍🎓", "🥳", "📚", "💪"],
    "new_job": ["💼", "🚀", "🎉", "🙌", "✨", "💪", "😅", "📈"],
    "moving_home": ["🏡", "📦", "🔑", "🚚", "🏠", "😅", "✨", "🥲"],
    "retirement": ["🏖️", "⛳", "🎉", "🥂", "👏", "🌴", "❤️"],
    "new_pet": ["🐶", "🐱", "🐾", "🐕", "🐈", "❤️", "🥰", "😍"],
    "bereavement": ["💔", "🕊️", "🙏", "😢", "🖤", "🥀"],
    "none": ["😂", "🤣", "🙄", "😅", "👀", "🔥", "💯", "😴", "☕", "🍕", "🤷", "😩", "✨", "😭"],
}  # fmt: skip
HASHTAGS: dict[str, list[str]] = {
    "birthday": ["#birthday", "#bday", "#birthdaygirl", "#birthdayboy", "#HappyBirthday", "#cake", "#party"],
    "anniversary": ["#anniversary", "#love", "#10years", "#marriedlife", "#together", "#couplegoals"],
    "wedding": ["#wedding", "#weddingday", "#justmarried", "#bride", "#bridesmaid", "#weddingseason", "#isaidyes"],
    "engagement": ["#engaged", "#shesaidyes", "#hesaidyes", "#engagementring", "#proposal", "#putaringonit"],
    "new_baby": ["#newborn", "#babyboy", "#babygirl", "#newbaby", "#welcometotheworld", "#itsagirl", "#itsaboy"],
    "pregnancy": ["#pregnant", "#babyontheway", "#bumpdate", "#pregnancyannouncement", "#expecting", "#rainbowbaby"],
    "graduation": ["#graduation", "#gradlife", "#graduated", "#gradschool", "#proudmom", "#finallydone"],
    "new_job": ["#newjob", "#hiring", "#career", "#newbeginnings", "#firstday", "#opentowork", "#linkedin"],
    "moving_home": ["#newhome", "#movingday", "#homeowner", "#firsthome", "#keys", "#movinghouse", "#relocation"],
    "retirement": ["#retirement", "#retired", "#happyretirement", "#nomorealarms", "#freedom"],
    "new_pet": ["#adoptdontshop", "#newpuppy", "#puppylove", "#catsofinstagram", "#rescuedog", "#dogsofinstagram"],
    "bereavement": ["#RIP", "#restinpeace", "#grief", "#forevermissed", "#gonetoosoon", "#inlovingmemory"],
    "none": ["#mondaymotivation", "#foodie", "#tbt", "#mood", "#relatable", "#weekendvibes", "#coffee", "#fitness"],
}  # fmt: skip
