"""Words that name a person, or no one, beyond the lexicon's relations.

Kin words of other Englishes ("my kuya", "me ma"), kin after another language's possessive or greeting
("mi abuela", "Feliz cumpleaños mamá"), kin nouns of other languages wherever they stand ("Pappa", "Rodzice", "annem"), kin behind an adjective, a Reddit age tag or a missing apostrophe
("my elder brother", "My (29F) boyfriend's", "my cousins wedding"), the spouse's kin as in-laws, and the
capitalised words that open a sentence or precede a possessive but are no one's name. `lifeevents.subjects`
reads them when it decides whose event a post tells.
"""

from __future__ import annotations

import re
from pathlib import Path

from lifeevents import lexicon
from lifeevents.alternation import alternation
from lifeevents.cues import Cues, Relation
from lifeevents.dataset import jsonl_rows
from lifeevents.writing_systems import korean, unspaced

__all__ = [
    "CALENDAR",
    "FOREIGN_GREETING",
    "KIN_OWNS",
    "MORE_RELATIONS",
    "NOT_NAMES",
    "NOT_SUBJECTS",
    "RELATION_WORDS",
    "kin_prefix",
    "kin_relations",
]

# kin words of other Englishes that whose-rules read as relations; kept out of `lexicon.RELATIONS`, whose words
# are also the head's rule features (a change there waits for a retrain). "Ate" (sister) is left out: it is a verb.
MORE_RELATIONS = {"bhaiya": "brother", "bhai": "brother", "didi": "sister", "kuya": "brother", "bhabhi": "sister-in-law",
                  "tita": "aunt", "tito": "uncle", "lola": "grandma", "lolo": "grandpa", "nani": "grandma",
                  "dadi": "grandma", "mzee": "dad", "abuela": "grandma", "abuelita": "grandma", "abuelo": "grandpa",
                  "abuelito": "grandpa", "tia": "aunt", "tio": "uncle", "zayde": "grandpa", "bubbe": "grandma",
                  "oupa": "grandpa", "ouma": "grandma", "sil": "sister-in-law", "bil": "brother-in-law",
                  "mil": "mother-in-law", "fil": "father-in-law", "babe": "partner", "bae": "partner",
                  "lil bro": "brother", "lil sis": "sister", "big bro": "brother", "big sis": "sister",
                  "gogo": "grandma", "mammy": "mom", "oul fella": "dad", "oul one": "mom",
                  # people the writer looks after or works with: "my client Jade", "my mentee Ravi"
                  "client": "client", "student": "student", "mentee": "mentee", "patient": "patient",
                  "staff member": "colleague"}  # fmt: skip
RELATION_WORDS = {**MORE_RELATIONS, **lexicon.RELATIONS}
KIN_OWNS = re.compile(rf"\b({'|'.join(MORE_RELATIONS)})(?:'s|’s)\s+(?:[\w-]+\s+){{0,2}}$", re.I)
# "my kuya", "our ate" (after "my", "ate" is an older sister, not a verb): relations the lexicon does not know
_MY_KIN = re.compile(rf"\b(my|our)\s+({'|'.join([*MORE_RELATIONS, 'ate'])})\b", re.I)


# kin after a possessive of another language, or the "me" of Irish, Scots and Northern English ("me ma"):
# "Feliz cumple a mi abuela", "Alles Gute, meine Schwester", "Me ma's 60th today"
_FOREIGN_KIN = {"mamá": "mom", "mama": "mom", "mami": "mom", "madre": "mom", "papá": "dad", "papa": "dad", "papi": "dad",
                "padre": "dad", "hermana": "sister", "hermano": "brother", "hija": "daughter", "hijo": "son",
                "abuela": "grandma", "abuelita": "grandma", "abuelo": "grandpa", "abuelito": "grandpa",
                "esposa": "wife", "esposo": "husband", "marido": "husband", "novia": "girlfriend", "novio": "boyfriend",
                "prima": "cousin", "primo": "cousin", "tía": "aunt", "tia": "aunt", "tío": "uncle", "tio": "uncle",
                "sobrina": "niece", "sobrino": "nephew", "amiga": "friend", "amigo": "friend", "suegra": "mother-in-law",
                "suegro": "father-in-law", "nieta": "granddaughter", "nieto": "grandson", "maman": "mom",
                "mère": "mom", "père": "dad", "sœur": "sister", "soeur": "sister", "frère": "brother", "frere": "brother",
                "fille": "daughter", "fils": "son", "mamie": "grandma", "papy": "grandpa", "femme": "wife",
                "mari": "husband", "chérie": "partner", "chéri": "partner", "tante": "aunt", "oncle": "uncle",
                "amie": "friend", "ami": "friend", "mutter": "mom", "vater": "dad", "schwester": "sister",
                "bruder": "brother", "tochter": "daughter", "sohn": "son", "oma": "grandma", "opa": "grandpa",
                "frau": "wife", "mann": "husband", "freundin": "girlfriend", "freund": "boyfriend", "schatz": "partner",
                "onkel": "uncle", "mãe": "mom", "mae": "mom", "pai": "dad", "irmã": "sister", "irmão": "brother",
                "filha": "daughter", "filho": "son", "avó": "grandma", "avô": "grandpa", "vovó": "grandma",
                "vovô": "grandpa", "namorada": "girlfriend", "namorado": "boyfriend", "mamma": "mom", "papà": "dad",
                "sorella": "sister", "fratello": "brother", "figlia": "daughter", "figlio": "son", "nonna": "grandma",
                "nonno": "grandpa", "moglie": "wife", "zia": "aunt", "zio": "uncle", "moeder": "mom",
                "vader": "dad", "zus": "sister", "broer": "brother", "dochter": "daughter", "zoon": "son",
                # rule 51: more kin, friends and people of work, read from other-language subject errors (kin `_KIN_ALONE`
                # reads anywhere are not repeated here, friends are: "my best ..." makes them best friends)
                "papis": "parents", "papás": "parents", "padres": "parents", "pais": "parents", "parents": "parents",
                "grands-parents": "grandparents", "avós": "grandparents", "forældre": "parents", "föräldrar": "parents", "foreldre": "parents", "sogros": "in-laws", "schoonouders": "in-laws", "teściowie": "in-laws",
                "teściów": "in-laws", "chefe": "boss", "chef": "boss", "chefin": "boss", "jefe": "boss", "jefa": "boss",
                "capo": "boss", "patron": "boss", "patronne": "boss", "baas": "boss", "șefa": "boss", "șeful": "boss",
                "sefa": "boss", "seful": "boss", "sobrinha": "niece", "sobrinho": "nephew", "nipote": "niece",
                "nièce": "niece", "neveu": "nephew", "afilhado": "godson",
                "afilhada": "goddaughter", "ahijado": "godson", "ahijada": "goddaughter", "filleul": "godson",
                "filleule": "goddaughter", "vizinho": "neighbour", "vizinha": "neighbour", "vecino": "neighbour",
                "vecina": "neighbour", "voisin": "neighbour", "voisine": "neighbour", "nachbar": "neighbour",
                "nachbarin": "neighbour", "buurman": "neighbour", "buurvrouw": "neighbour", "coloc": "roommate",
                "colega": "colleague", "kollegen": "colleague", "amica": "friend", "amico": "friend", "pote": "friend",
                "copine": "friend", "copain": "friend", "vriend": "friend", "vriendin": "friend", "amorzinho": "partner",
                "amor": "partner", "cousin": "cousin", "tantine": "aunt", "tata": "dad",
                "brat": "brother", "siostry": "sister", "siostrze": "sister",
                "kuzynki": "cousin", "chłopak": "boyfriend",
                "dziewczyna": "girlfriend", "flickvän": "girlfriend", "pojkvän": "boyfriend", "bror": "brother",
                "sambo": "partner", "vän": "friend", "venn": "friend", "veninde": "friend", "venninne": "friend",
                "bästis": "best friend", "mor": "mom", "far": "dad",
                "draugas": "friend", "draugė": "friend", "bhabhi": "sister-in-law", "saheli": "friend",
                "bahan": "sister", "bhai": "brother", "dost": "friend",
                "chachere bhai": "cousin", "mamka": "mom"}  # fmt: skip
_FOREIGN_MY = ("mi|mis|ma|mon|mes|mein|meine|meinem|meiner|meinen|minha|meu|mia|mio|mijn|nuestra|nuestro|notre|"
               "nos|unsere|unser|unserem|nossa|nosso|nostra|nostro|onze|miei|mie|meus|minhas|mój|moja|moje|mojej|"
               "mojego|moich|min|mina|mitt|vår|våra|vores|våre|mine|mano|meri|mera|mere|hamari|humari|hamare|humare|"
               "dos meus|das minhas|da minha|do meu|ao meu|à minha|aos meus|pros meus|pro meu|pra minha|del mio|"
               "della mia|ai miei|alla mia|al mio|a mis|a mi")  # fmt: skip
# what may stand between "my" and the kin word: "mi mejor amiga", "mein bester Freund", "Meri sabse pakki saheli"
_FOREIGN_BEST = ("mejor|mejores|melhor|melhores|meilleur|meilleure|meilleurs|meilleures|migliore|migliori|beste|bester"
                 "|besten|bästa|bedste|najlepsza|najlepszy|najlepszego|najlepszej|geriausias|geriausia|sabse pakki"
                 "|sabse pakka|sabse achhi|sabse accha|sabse achha")  # fmt: skip
_FOREIGN_DEAR = ("querida|querido|queridos|queridas|chère|cher|liebe|lieber|lieben|lieve|cara|caro|cari|kochana"
                 "|kochany|älskade|kära|kjære|kære|little|pequeña|pequeño|petite|petit|kleine|kleiner|kleinen"
                 "|grande|grand|große|großer|großen|ältere|älteste|jüngere|jüngste|mayor|menor|mais velha|mais velho"
                 "|mais nova|mais novo|maggiore|minore|piccola|piccolo|lille|lilla|lillebror|chhoti|chhota|badi|bada"
                 "|amado|amada|adorada|adorado")  # fmt: skip
# a greeting of another language spoken to kin: "Feliz cumpleaños mamá", "Buon compleanno nonna", "Fijne verjaardag
# lieve zus" (as "Happy birthday daddy" is the father's)
FOREIGN_GREETING = (r"feliz|felicidades|felicitaciones|joyeux|bon|bonne|alles gute|alles liebe|herzlichen|buon|buona"
                     r"|auguri|parab[eé]ns|fijne|gefeliciteerd|maligayang|mabrook|mubarak|grattis|tillykke|gratulerer"
                     r"|wszystkiego najlepszego|iyi ki doğdun|la mulți ani|selamat|hyvää|boldog|χρόνια πολλά"
                     r"|sretan|sretna|čestitke|čestitam|gratuluju|gratulujem|všetko najlepšie|felicitats|per molts anys"
                     r"|enhorabuena|félicitations|congratulazioni|glückwunsch|hongera|tebrikler|mabrouk|mabruk|onnea"
                     r"|palju õnne|sveikinu|su gimtadieniu|kol sana|kel sene|kul sana|kil sene|كل سنة|كل عام|مبروك|مبارک"
                     r"|с днём рождения|с днем рождения|поздравляю|поздравляем|з днем народження|вітаю|честит|badhai"
                     r"|shubhkamna\w*|chúc mừng|felicitări|nice yıllara|všechno nejlepší|proficiat|heri ya|gratulacje"
                     r"|sto lat|συγχαρητήρια|मुबारक|बधाई|מזל טוב|تبریک|hongera sana")  # fmt: skip
_FOREIGN_MY_KIN = re.compile(
    rf"\b({_FOREIGN_MY})\s+(?:(?:({_FOREIGN_BEST})|{_FOREIGN_DEAR})\s+)?({alternation(_FOREIGN_KIN)})\b", re.I
)
# a possessive after the kin word: Romanian "sora mea", Greek "οι γονείς μου", Norwegian "broren min", Tagalog
# "mga magulang ko", Swahili "dada yangu"
_KIN_MY_AFTER_WORDS = {**_FOREIGN_KIN, "sora": "sister", "mama": "mom", "tatăl": "dad",
                       "colega": "colleague", "γονείς": "parents",
                       "γονεις": "parents", "goneis": "parents", "κολλητού": "best friend", "κολλητής": "best friend", "broren": "brother", "søstera": "sister",
                       "venninna": "friend", "kona": "wife", "magulang": "parents", "dada": "sister", "kaka": "brother", "baba": "dad"}  # fmt: skip
_KIN_MY_AFTER = re.compile(
    rf"(?<![\w@#])({alternation(_KIN_MY_AFTER_WORDS)})\s+(?:mea|meu|mei|mele|mou|μου|min|mi|ko|namin|yangu|wangu)\b",
    re.I,
)
_DIALECT_KIN = {"ma": "mom", "mam": "mom", "mammy": "mom", "mum": "mom", "da": "dad", "dad": "dad",
                "daddy": "dad", "nan": "grandma", "nana": "grandma", "nanna": "grandma", "gran": "grandma",
                "granny": "grandma", "granda": "grandpa", "grandad": "grandpa", "brother": "brother", "bro": "brother",
                "sister": "sister", "sis": "sister", "missus": "wife", "wife": "wife", "husband": "husband",
                "fella": "partner", "son": "son", "daughter": "daughter", "wee one": "child", "lad": "son",
                "auntie": "aunt", "aunty": "aunt", "uncle": "uncle", "cousin": "cousin"}  # fmt: skip
_GREETED_KIN = re.compile(
    rf"\b(?:{FOREIGN_GREETING})\b[^.!?\n]{{0,40}}?\b({alternation(_FOREIGN_KIN)})\b",
    re.I,
)
# "me" as "my" only where it cannot be an object: opening a sentence, or after a preposition ("to me ma")
_ME_KIN = re.compile(
    rf"(?:^|[.!?\n]\s*|\b(?:to|for|with|wi|and|an|n|of|at|from|by)\s+)(me)\s+"
    rf"({alternation(_DIALECT_KIN)})\b",
    re.I,
)
# kin nouns of other languages that name a relation wherever they stand ("Pappa pensionerade sig idag", "Rodzice
# świętują", "Abangku finally dapet kerja"), with Turkish, Indonesian and Hungarian possessive endings ("annem": my
# mother); words that are also English words or common names are left out ("brat", "far", "nicht", "mama")
_KIN_ALONE = {
    # Italian, Spanish, Portuguese, French
    "sorella": "sister", "sorellina": "sister", "fratello": "brother", "fratellino": "brother",
    "genitori": "parents", "nonna": "grandma", "nonno": "grandpa", "nonni": "grandparents", "cugina": "cousin",
    "cugino": "cousin", "zia": "aunt", "zio": "uncle", "moglie": "wife", "marito": "husband", "suoceri": "in-laws",
    "suocera": "mother-in-law", "suocero": "father-in-law", "cognata": "sister-in-law", "cognato": "brother-in-law",
    "collega": "colleague", "hermana": "sister", "hermanita": "sister", "hermano": "brother", "hermanito": "brother",
    "abuelos": "grandparents", "esposa": "wife", "esposo": "husband", "suegra": "mother-in-law",
    "suegro": "father-in-law", "suegros": "in-laws", "cuñada": "sister-in-law", "cuñado": "brother-in-law",
    "sobrina": "niece", "sobrino": "nephew", "irmã": "sister", "irmão": "brother", "avó": "grandma",
    "avô": "grandpa", "sogra": "mother-in-law", "sogro": "father-in-law", "cunhada": "sister-in-law",
    "sœur": "sister", "soeur": "sister", "frère": "brother", "grand-mère": "grandma", "grand-père": "grandpa",
    "mamie": "grandma", "papy": "grandpa", "cousine": "cousin", "belle-sœur": "sister-in-law",
    "beau-frère": "brother-in-law", "belle-mère": "mother-in-law", "collègue": "colleague",
    # German, Dutch, Afrikaans
    "schwester": "sister", "bruder": "brother", "eltern": "parents", "großeltern": "grandparents",
    "oma": "grandma", "opa": "grandpa", "onkel": "uncle", "schwiegermutter": "mother-in-law",
    "schwägerin": "sister-in-law", "schwager": "brother-in-law", "tochter": "daughter", "kollegin": "colleague",
    "kollege": "colleague", "nichte": "niece", "neffe": "nephew", "zus": "sister", "zusje": "sister",
    "broer": "brother", "broertje": "brother", "ouders": "parents", "grootouders": "grandparents",
    "schoonmoeder": "mother-in-law", "schoonzus": "sister-in-law", "zwager": "brother-in-law", "dochter": "daughter",
    "zoon": "son", "suster": "sister", "niggie": "cousin", "tannie": "aunt", "dogter": "daughter", "seun": "son",
    # Swedish, Danish, Norwegian
    "pappa": "dad", "mamma": "mom", "syster": "sister", "søster": "sister", "lillasyster": "sister",
    "lillebror": "brother", "storebror": "brother", "mormor": "grandma", "farmor": "grandma", "morfar": "grandpa",
    "farfar": "grandpa", "moster": "aunt", "morbror": "uncle", "farbror": "uncle", "kusin": "cousin",
    "kusine": "cousin", "fætter": "cousin", "datter": "daughter", "dotter": "daughter", "søn": "son", "sønn": "son",
    "kæreste": "partner", "svigermor": "mother-in-law", "svigerfar": "father-in-law", "kollega": "colleague",
    # Polish, Czech, Slovenian, Lithuanian
    "rodzice": "parents", "babcia": "grandma", "babciu": "grandma", "dziadek": "grandpa", "dziadku": "grandpa",
    "dziadkowie": "grandparents", "siostra": "sister", "siostrzyczka": "sister", "kuzyn": "cousin",
    "kuzynka": "cousin", "bratowa": "sister-in-law", "szwagier": "brother-in-law", "szwagierka": "sister-in-law",
    "teściowa": "mother-in-law", "córka": "daughter", "żona": "wife", "mąż": "husband", "ciocia": "aunt",
    "wujek": "uncle", "przyjaciółka": "friend", "przyjaciel": "friend", "koleżanka": "colleague", "mamo": "mom",
    "tato": "dad", "máma": "mom", "táta": "dad", "babička": "grandma", "děda": "grandpa", "sestra": "sister",
    "bratr": "brother", "sestřenice": "cousin", "bratranec": "cousin", "manžel": "husband", "manželka": "wife",
    "dcera": "daughter", "kamarádka": "friend", "babica": "grandma", "dedek": "grandpa", "sestrična": "cousin",
    "stric": "uncle", "prijateljica": "friend", "sodelavka": "colleague", "sodelavec": "colleague",
    "tėtis": "dad", "močiutė": "grandma", "senelis": "grandpa", "sesuo": "sister", "brolis": "brother",
    "pusbrolis": "cousin", "pusseserė": "cousin", "žmona": "wife", "dukra": "daughter", "draugė": "friend",
    # Turkish (with "my"), Romanian
    "annem": "mom", "anneciğim": "mom", "babam": "dad", "ablam": "sister", "abim": "brother",
    "kız kardeşim": "sister", "erkek kardeşim": "brother", "teyzem": "aunt", "halam": "aunt", "dayım": "uncle",
    "amcam": "uncle", "kuzenim": "cousin", "anneannem": "grandma", "babaannem": "grandma", "dedem": "grandpa",
    "kocam": "husband", "karım": "wife", "oğlum": "son", "kızım": "daughter", "arkadaşım": "friend",
    "en iyi arkadaşım": "best friend", "yengem": "sister-in-law", "eniştem": "brother-in-law",
    "fratele": "brother", "bunica": "grandma", "bunicul": "grandpa", "bunicii": "grandparents",
    "verișoara": "cousin", "verisoara": "cousin", "vărul": "cousin", "mătușa": "aunt", "unchiul": "uncle",
    "soția": "wife", "soțul": "husband", "fiica": "daughter", "fiul": "son", "prietena": "friend",
    "prietenă": "friend", "prietenul": "friend", "socrii": "in-laws", "soacra": "mother-in-law",
    "cumnata": "sister-in-law",
    # Indonesian and Malay (with -ku: "my"), Tagalog, Swahili
    "abang": "brother", "abangku": "brother", "kakakku": "sister", "adikku": "sister", "ibuku": "mom",
    "ayahku": "dad", "suami": "husband", "suamiku": "husband", "istri": "wife", "isteri": "wife",
    "istriku": "wife", "sepupu": "cousin", "sepupuku": "cousin", "nenek": "grandma", "kakek": "grandpa",
    "atuk": "grandpa", "paman": "uncle", "sahabat": "best friend", "sahabatku": "best friend", "anakku": "child",
    "anak": "child", "nanay": "mom", "tatay": "dad", "pinsan": "cousin", "kapatid": "sister", "asawa": "partner",
    "kaibigan": "friend", "katrabaho": "colleague", "biyenan": "in-laws", "hipag": "sister-in-law",
    "bayaw": "brother-in-law", "babu": "grandpa", "binamu": "cousin", "shangazi": "aunt", "mjomba": "uncle",
    "mke": "wife", "mume": "husband", "binti": "daughter", "rafiki": "friend", "mwenzangu": "colleague",
    # Finnish, Estonian, Hungarian, Greek
    "äiti": "mom", "isä": "dad", "mummo": "grandma", "mummi": "grandma", "ukki": "grandpa", "sisko": "sister",
    "veli": "brother", "serkku": "cousin", "täti": "aunt", "setä": "uncle", "vaimo": "wife", "tytär": "daughter",
    "ystävä": "friend", "työkaveri": "colleague", "anoppi": "mother-in-law", "vanaema": "grandma",
    "vanaisa": "grandpa", "õde": "sister", "vend": "brother", "ülemus": "boss", "kolleeg": "colleague",
    "sõbranna": "friend", "tädi": "aunt", "tütar": "daughter", "anyukám": "mom", "anyám": "mom",
    "apukám": "dad", "apám": "dad", "nagymamám": "grandma", "nagymama": "grandma", "nagypapa": "grandpa",
    "húgom": "sister", "nővérem": "sister", "öcsém": "brother", "bátyám": "brother",
    "unokatestvérem": "cousin", "férjem": "husband", "feleségem": "wife", "lányom": "daughter",
    "barátnőm": "friend", "kollégám": "colleague", "μαμά": "mom", "μπαμπάς": "dad", "γιαγιά": "grandma",
    "παππούς": "grandpa", "αδερφή": "sister", "αδελφή": "sister", "αδερφός": "brother", "αδελφός": "brother",
    "ξαδέρφη": "cousin", "ξάδερφος": "cousin", "θεία": "aunt", "θείος": "uncle", "κόρη": "daughter",
    "γιος": "son", "giagia": "grandma", "pappous": "grandpa", "aderfi": "sister", "aderfos": "brother",
    # forms inflected for "to", "of" or calling (rule 37): Finnish, Turkish, Croatian and Serbian, Lithuanian,
    # Indonesian and Malay, Greek, Arabic and Hindi in Latin letters
    "siskolle": "sister", "siskoni": "sister", "veljelle": "brother", "veljeni": "brother", "äidille": "mom",
    "äitini": "mom", "isälle": "dad", "isäni": "dad", "mummolle": "grandma", "serkulle": "cousin",
    "serkkuni": "cousin", "abimin": "brother", "ablamın": "sister", "annemin": "mom", "babamın": "dad",
    "kuzenimin": "cousin", "kardeşimin": "sister", "teyzemin": "aunt", "dedemin": "grandpa",
    "anneannemin": "grandma", "babaannemin": "grandma", "arkadaşımın": "friend", "oğlumun": "son",
    "kızımın": "daughter", "brate": "brother", "sestro": "sister", "sestri": "sister", "bratu": "brother",
    "sese": "sister", "sesei": "sister", "broliui": "brother", "ayah": "dad", "adik": "sister",
    "kakak": "sister", "adelfi": "sister", "adelfos": "brother", "mitera": "mom",
    "pateras": "dad", "akhi": "brother", "okhti": "sister", "ukhti": "sister", "didi": "sister",
    "bhaiya": "brother", "dadi": "grandma", "nani": "grandma",
    # rule 51: dad and mum of Arabic and Indonesian ("baba" alone is also a baby and the writer's own role), kin with Hungarian and Finnish endings, "to my
    # brother" with Arabic's joined "to"
    "ya baba": "dad", "bapak": "dad", "bapakku": "dad", "ibu": "mom", "mertua": "in-laws", "bunso": "child",
    "boetie": "brother", "bestefar": "grandpa", "bestemor": "grandma", "szüleim": "parents", "szüleimnek": "parents",
    "húgomat": "sister", "siskon": "sister", "pikkuveljelle": "brother", "pikkuveli": "brother",
    "isoveli": "brother", "schwesterherz": "sister", "γονείς μου": "parents", "κολλητού μου": "best friend",
    "κολλητής μου": "best friend", "κολλητός μου": "best friend", "κολλητή μου": "best friend",
    "لأخي": "brother", "لأختي": "sister", "لأخوي": "brother", "لاختي": "sister", "لاخوي": "brother",
    "لصديقي": "friend", "لصديقتي": "friend", "لأمي": "mom", "لأبي": "dad", "لابوي": "dad", "لامي": "mom",
    "لبنتي": "daughter", "لابني": "son", "لإبني": "son",
}  # fmt: skip
MORE_KIN_FILE = Path(__file__).resolve().parent / "data" / "kin_words_more.jsonl"


def more_kin() -> list[dict[str, str]]:
    """The rows of `MORE_KIN_FILE` (kin words of more languages and scripts, each with the post it came with)."""
    return list(jsonl_rows(MORE_KIN_FILE))


# a kin word of a script without spaces is found inside the run of letters ("姉に赤ちゃん"); one of Korean, whose
# particles join on ("엄마가", "언니의"), from where it starts (`lifeevents.writing_systems`)
_MORE_KIN = {r["word"]: r["relation"] for r in more_kin()}
_KIN_INSIDE = {w: rel for w, rel in _MORE_KIN.items() if unspaced(w)}
_KIN_OPENING = {w: rel for w, rel in _MORE_KIN.items() if korean(w) and w not in _KIN_INSIDE}
_KIN_ALONE |= {w: rel for w, rel in _MORE_KIN.items() if w not in _KIN_INSIDE and w not in _KIN_OPENING}
_KIN_WORD_ALONE = re.compile(
    r"(?<![\w@#])(" + alternation(_KIN_ALONE) + r")(?!\w)",
    re.I,
)
_KIN_INSIDE_WORDS = re.compile("(" + (alternation(_KIN_INSIDE) or "(?!)") + ")")
_KIN_OPENING_WORD = re.compile(r"(?<![\w@#])(" + (alternation(_KIN_OPENING) or "(?!)") + ")")
# each read as the writer's kin: (pattern, the kin word's group, what the kin words mean)
_MY_IN_OTHER_TONGUES = (
    (_FOREIGN_MY_KIN, 3, _FOREIGN_KIN),
    (_KIN_MY_AFTER, 1, _KIN_MY_AFTER_WORDS),
    (_ME_KIN, 2, _DIALECT_KIN),
    (_GREETED_KIN, 1, _FOREIGN_KIN),
    (_KIN_WORD_ALONE, 1, _KIN_ALONE),
    (_KIN_INSIDE_WORDS, 1, _KIN_INSIDE),
    (_KIN_OPENING_WORD, 1, _KIN_OPENING),
)
# kin or friends the lexicon's "my <relation>" does not see past an adjective: "my elder brother", "my old flatmate"
_ELDER_KIN = re.compile(
    r"\b(my|our)\s+(?:elder\s+(brother|sister|bro|sis|son|daughter|cousin)|(?:old|former)\s+(flatmate|roommate"
    r"|housemate|colleague|boss|neighbour|neighbor|teacher|friend|mate|school friend))\b",
    re.I,
)
# a relation behind a Reddit age tag, which the lexicon's "my <relation>" does not see: "My (29F) boyfriend's birthday"
_TAGGED_KIN = re.compile(r"\b(my|our)\s+\(\d{1,2}\s?[mfMF]\)\s+([a-z]+(?:[ -][a-z]+)?)", re.I)
# a possessive typed without its apostrophe, before the event it owns: "my cousins wedding", "moms bday"
_BARE_KIN_OWNS = re.compile(
    rf"\b(?:(my|our)\s+)?({alternation(w for w in RELATION_WORDS if ' ' not in w and not w.endswith('s'))})s\s+"
    r"(?:(?:big|first|new|surprise|baby|gender|20\d\d|\d+(?:st|nd|rd|th))\s+)?"
    r"(?:wedding|birthday|bday|b-day|graduation|grad|reveal|shower|engagement|retirement|funeral|anniversary|housewarming)\b",
    re.I,
)
# the spouse's kin are in-laws: "hubby's brother", "my wife's sister", "hubby's parents"
_SPOUSES_KIN = re.compile(
    r"\b(?:(my|our)\s+)?(?:hubby|husband|wife|wifey|missus|spouse)(?:'s|’s|s)\s+"
    r"(brother|bro|sister|sis|parents|mum|mom|mam|mother|dad|da|father)\b",
    re.I,
)
_IN_LAW = {"brother": "brother-in-law", "bro": "brother-in-law", "sister": "sister-in-law", "sis": "sister-in-law",
           "parents": "in-laws", "mum": "mother-in-law", "mom": "mother-in-law", "mam": "mother-in-law",
           "mother": "mother-in-law", "dad": "father-in-law", "da": "father-in-law", "father": "father-in-law"}  # fmt: skip
# sentence openers that are no one's name: "We got engaged", "Officially retired", "Finally graduated"
NOT_SUBJECTS = frozenset(
    [
        "we",
        "i",
        "you",
        "they",
        "she",
        "he",
        "it",
        "just",
        "officially",
        "finally",
        "recently",
        "newly",
        "proudly",
        "happily",
        "also",
        "so",
        "and",
        "but",
        "both",
        "somehow",
        "literally",
        "actually",
        "never",
        "already",
        "now",
        "then",
        "who",
        "which",
        "everyone",
        "someone",
        "somebody",
        "nobody",
        "guess",
        "today",
        "tonight",
        "yesterday",
    ]
)
NOT_NAMES = frozenset(
    [
        "it",
        "that",
        "let",
        "he",
        "she",
        "what",
        "there",
        "here",
        "who",
        "today",
        "tonight",
        "tomorrow",
        "yesterday",
        "everyone",
        "everybody",
        "one",
        "mine",
        "god",
        "mum",
        "mom",
        "dad",
        "sister",
        "brother",
        "nan",
        "gran",
        "grandma",
        "grandpa",
        "nana",
        "baby",
        "mother",
        "father",
        "son",
        "daughter",
        "year",
        "week",
        "weekend",
        "month",
        "life",
        "world",
        "summer",
        "winter",
        "spring",
        "autumn",
        "christmas",
        "valentine",
        "valentine's",
        "mother's",
        "father's",
        "this",
        "where",
        "how",
        "that's",
    ]
)
CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def kin_relations(cues: Cues) -> list[Relation]:
    """Relations the lexicon's cues do not read: kin words of other Englishes after "my"/"our" ("my kuya
    got married"), kin after another language's possessive ("mi abuela") or a dialect's "me" ("me ma"), kin
    greeted in another language ("Feliz cumpleaños mamá"),
    and a relation behind a Reddit age tag ("My (29F) boyfriend's birthday")."""
    found = [
        (MORE_RELATIONS.get(m.group(2).lower(), "sister"), m.start(2), m.end(2), m.group(1))
        for m in _MY_KIN.finditer(cues.text)
    ]
    found += [
        (_best(words[m.group(group).lower()], m, pattern), m.start(group), m.end(group), "my")
        for pattern, group, words in _MY_IN_OTHER_TONGUES
        for m in pattern.finditer(cues.text)
        if m.group(group).lower() in words  # not "Karim" for "karım": re's case folding makes "i" match "ı"
    ]
    found += [
        (RELATION_WORDS[m.group(2).lower()], m.start(2), m.end(2), m.group(1) or "my")
        for m in _BARE_KIN_OWNS.finditer(cues.text)
    ]
    found += [
        (_IN_LAW[m.group(2).lower()], m.start(2), m.end(2), "my") for m in _SPOUSES_KIN.finditer(cues.text)
    ]
    found += [
        (
            RELATION_WORDS.get(m.group(m.lastindex or 2).lower(), "friend"),
            *m.span(m.lastindex or 2),
            m.group(1),
        )
        for m in _ELDER_KIN.finditer(cues.text)
    ]
    for m in _TAGGED_KIN.finditer(cues.text):
        parts = m.group(2).lower().replace("-", " ").split()
        size = kin_prefix(parts)
        if size:
            word = " ".join(parts[:size])
            found.append((RELATION_WORDS[word], m.start(2), m.start(2) + len(word), m.group(1)))
    return [
        Relation(relation, start, end, cues.sentence_of(start), False, owner.lower())
        for relation, start, end, owner in found
    ]


def _best(relation: str, m: re.Match[str], pattern: re.Pattern[str]) -> str:
    """A friend called the best ("mi mejor amiga", "meine beste Freundin": not a girlfriend) is a best friend."""
    friend = relation in ("friend", "girlfriend", "boyfriend")
    return "best friend" if pattern is _FOREIGN_MY_KIN and m.group(2) and friend else relation


def kin_prefix(words: list[str], after: int = 0) -> int:
    """How many of ``words`` (two, else one) name a relation at their start with ``after`` words left; 0 if none."""
    for size in (2, 1):
        if len(words) >= size + after and " ".join(words[:size]) in RELATION_WORDS:
            return size
    return 0
