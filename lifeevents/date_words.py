"""Date words of languages other than English, for the dates of events told in them.

"Buon compleanno nonna, 90 anni oggi!", "Kuzenimin düğünü bu cumartesi", "Meine Cousine heiratet am 12. Juni":
the English scanner (`lifeevents.dates`) finds no date in them. These tables give the words that point at a day
the same way in some twenty languages (Spanish, Portuguese, French, Italian, German, Dutch, Swedish, Danish,
Norwegian, Polish, Czech, Slovak, Turkish, Romanian, Indonesian and Malay, Tagalog, Finnish, Estonian, Croatian,
Slovenian, Lithuanian, Afrikaans, Greek), and the days before and after today in as many more (Russian, Ukrainian,
Arabic, Persian, Hebrew, Hindi, Urdu, Bengali, Vietnamese, Swahili, Thai, Chinese, Japanese, Korean). Words that are also common English words or names ("more", "Maine", "Leo",
"Jana", Hungarian "ma") are left out. Two outside writers' words (`MORE_FILE`, rule 56) add some thirty languages more
(Hungarian, Greek, Persian, Hebrew, Thai, Tamil, Hausa, ...), "this <weekday>" words and words that make a sentence look
ahead (`FUTURE`); a fourth (rule 61) gives the forms with case endings joined on, and month forms that stand alone
for "in <month>" (`MONTHS_ALONE`). Only an event's date reads them: the classifier's date features are
English, as the shipped head was trained on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lifeevents.dataset import jsonl_rows
from lifeevents.writing_systems import korean, unspaced

#: more date words, one JSON line each ({"lang", "table", "word", "value", "example", "posted_at", "expect_date",
#: "expect_precision"}: the table it joins, and a post whose date it gives), written by outside writers from knowledge
#: of the languages, shown only this module (rule 56); each table below adds its own
MORE_FILE = Path(__file__).resolve().parent / "data" / "date_words_more.jsonl"


def more_words() -> list[dict[str, Any]]:
    """The rows of `MORE_FILE`, in order."""
    return list(jsonl_rows(MORE_FILE))


def _more(table: str) -> dict[str, Any]:
    return {
        r["word"]: tuple(r["value"]) if isinstance(r["value"], list) else r["value"]
        for r in _MORE
        if r["table"] == table
    }


_MORE = more_words()

# days from the post's day
DAY_SHIFTS: dict[str, int] = {
    # Spanish
    "hoy": 0, "esta noche": 0, "esta mañana": 0, "esta tarde": 0, "mañana": 1, "pasado mañana": 2, "ayer": -1,
    "anoche": -1, "anteayer": -2, "antier": -2,
    # Portuguese
    "hoje": 0, "hoje à noite": 0, "esta noite": 0, "amanhã": 1, "amanha": 1, "depois de amanhã": 2, "ontem": -1,
    "anteontem": -2,
    # French
    "aujourd'hui": 0, "ce soir": 0, "ce matin": 0, "demain": 1, "après-demain": 2, "apres-demain": 2,
    "après demain": 2, "hier soir": -1, "avant-hier": -2,
    # Italian
    "oggi": 0, "stasera": 0, "stamattina": 0, "stanotte": 0, "domani": 1, "dopodomani": 2, "ieri": -1,
    "ieri sera": -1, "l'altro ieri": -2, "altroieri": -2,
    # German
    "heute": 0, "heute abend": 0, "heute morgen": 0, "heute nacht": 0, "morgen": 1, "übermorgen": 2,
    "uebermorgen": 2, "gestern": -1, "gestern abend": -1, "vorgestern": -2,
    # Dutch and Afrikaans
    "vandaag": 0, "vanavond": 0, "vanochtend": 0, "vanmorgen": 0, "overmorgen": 2, "gisteren": -1, "gister": -1,
    "gisteravond": -1, "eergisteren": -2, "vandag": 0, "vanaand": 0, "môre": 1, "oormôre": 2,
    # Swedish, Danish, Norwegian
    "idag": 0, "i dag": 0, "ikväll": 0, "i kväll": 0, "i kveld": 0, "i aften": 0, "i morse": 0, "imorgon": 1,
    "i morgon": 1, "imorn": 1, "i morgen": 1, "i övermorgon": 2, "i overmorgen": 2, "igår": -1, "i går": -1,
    "igår kväll": -1, "i går kveld": -1, "i går aftes": -1, "i förrgår": -2, "i forgårs": -2,
    # Polish, Czech, Slovak, Croatian, Slovenian
    "dziś": 0, "dzis": 0, "dzisiaj": 0, "jutro": 1, "pojutrze": 2, "wczoraj": -1, "przedwczoraj": -2,
    "dnes": 0, "zítra": 1, "zitra": 1, "zajtra": 1, "pozítří": 2, "včera": -1, "vcera": -1, "danas": 0,
    "sutra": 1, "prekosutra": 2, "jučer": -1, "juče": -1, "jutri": 1, "včeraj": -1,
    # Turkish
    "bugün": 0, "bugun": 0, "bu akşam": 0, "bu aksam": 0, "yarın": 1, "yarin": 1, "öbür gün": 2, "dün": -1,
    "dün akşam": -1,
    # Romanian
    "azi": 0, "astăzi": 0, "astazi": 0, "diseară": 0, "diseara": 0, "mâine": 1, "poimâine": 2, "poimaine": 2,
    "ieri seară": -1, "alaltăieri": -2,
    # Indonesian and Malay, Tagalog
    "hari ini": 0, "malam ini": 0, "besok": 1, "esok": 1, "lusa": 2, "kemarin": -1, "kelmarin": -1,
    "semalam": -1, "ngayong araw": 0, "ngayong gabi": 0, "bukas": 1, "kahapon": -1, "kagabi": -1,
    "sa makalawa": 2,
    # Finnish, Lithuanian, Greek
    "tänään": 0, "tanaan": 0, "tänä iltana": 0, "huomenna": 1, "ylihuomenna": 2, "eilen": -1, "šiandien": 0,
    "siandien": 0, "rytoj": 1, "poryt": 2, "vakar": -1, "σήμερα": 0, "απόψε": 0, "αύριο": 1, "μεθαύριο": 2,
    "χθες": -1, "χτες": -1, "simera": 0, "avrio": 1, "xthes": -1, "ahir": -1, "avui": 0, "demà": 1,
    "pagi tadi": 0, "tadi": 0, "azi-noapte": -1, "aseară": -1, "aseara": -1,
    # Russian, Ukrainian, Bulgarian, Serbian
    "сегодня": 0, "сегодня вечером": 0, "завтра": 1, "послезавтра": 2, "вчера": -1, "позавчера": -2,
    "сьогодні": 0, "вчора": -1, "післязавтра": 2, "позавчора": -2, "днес": 0, "утре": 1, "вдругиден": 2,
    "данас": 0, "сутра": 1, "јуче": -1, "прекјуче": -2, "segodnya": 0, "vchera": -1, "zavtra": 1,
    # Arabic (script and Latin letters), Persian, Hebrew
    "اليوم": 0, "الليلة": 0, "النهارده": 0, "النهاردة": 0, "بكرة": 1, "بكره": 1, "غدا": 1, "غداً": 1, "أمس": -1,
    "امس": -1, "امبارح": -1, "البارحة": -1, "ellyoum": 0, "el yom": 0, "ennaharda": 0, "bokra": 1, "bukra": 1,
    "embare7": -1, "imbare7": -1, "امروز": 0, "امشب": 0, "فردا": 1, "دیروز": -1, "پس‌فردا": 2, "היום": 0,
    "הערב": 0, "מחר": 1, "מחרתיים": 2, "אתמול": -1, "שלשום": -2,
    # Hindi and Urdu, Bengali ("kal" and "parso" are both yesterday and tomorrow: left out)
    "आज": 0, "आज रात": 0, "aaj": 0, "aaj raat": 0, "آج": 0, "আজ": 0, "আজকে": 0, "গতকাল": -1,
    "আগামীকাল": 1,
    # Vietnamese, Swahili ("leo" and "jana", today and yesterday, are names too: `CASED_DAY_SHIFTS`), Thai
    "hôm nay": 0, "hom nay": 0, "tối nay": 0, "sáng nay": 0, "ngày mai": 1, "ngay mai": 1, "hôm qua": -1,
    "hom qua": -1, "tối qua": -1, "đêm qua": -1, "ngày kia": 2, "kesho": 1, "keshokutwa": 2, "juzi": -2,
    "leo": 0, "jana": -1,
    "วันนี้": 0, "คืนนี้": 0, "พรุ่งนี้": 1, "เมื่อวาน": -1, "เมื่อวานนี้": -1,
    # Chinese, Japanese, Korean
    "今天": 0, "今晚": 0, "今早": 0, "今日": 0, "本日": 0, "今朝": 0, "今夜": 0, "明天": 1, "明日": 1, "后天": 2,
    "後天": 2, "明後日": 2, "昨天": -1, "昨日": -1, "昨晚": -1, "昨夜": -1, "前天": -2, "一昨日": -2, "오늘": 0,
    "내일": 1, "모레": 2, "어제": -1, "그저께": -2,
}  # fmt: skip
DAY_SHIFTS |= _more("DAY_SHIFTS")
# a day word that is a morning, not tomorrow: "Guten Morgen", "por la mañana"
NOT_A_DAY = ("guten morgen", "goede morgen", "goedemorgen", "am morgen", "jeden morgen", "de morgen", "la mañana",
             "cada mañana")  # fmt: skip

# a week, month or year from the post's (steps, unit)
STEPS: dict[str, tuple[int, str]] = {
    # next week
    "la próxima semana": (1, "week"), "la proxima semana": (1, "week"), "la semana que viene": (1, "week"),
    "la semana próxima": (1, "week"), "próxima semana": (1, "week"), "semana que vem": (1, "week"),
    "na próxima semana": (1, "week"), "la semaine prochaine": (1, "week"), "semaine prochaine": (1, "week"),
    "nächste woche": (1, "week"), "nachste woche": (1, "week"), "naechste woche": (1, "week"),
    "kommende woche": (1, "week"), "la prossima settimana": (1, "week"), "prossima settimana": (1, "week"),
    "settimana prossima": (1, "week"), "volgende week": (1, "week"), "nästa vecka": (1, "week"),
    "næste uge": (1, "week"), "neste uke": (1, "week"), "w przyszłym tygodniu": (1, "week"),
    "příští týden": (1, "week"), "gelecek hafta": (1, "week"), "haftaya": (1, "week"),
    "minggu depan": (1, "week"), "sa susunod na linggo": (1, "week"), "săptămâna viitoare": (1, "week"),
    "saptamana viitoare": (1, "week"), "ensi viikolla": (1, "week"),
    # last week
    "la semana pasada": (-1, "week"), "semana pasada": (-1, "week"), "semana passada": (-1, "week"),
    "la semaine dernière": (-1, "week"), "la semaine derniere": (-1, "week"), "letzte woche": (-1, "week"),
    "vergangene woche": (-1, "week"), "la settimana scorsa": (-1, "week"), "settimana scorsa": (-1, "week"),
    "vorige week": (-1, "week"), "afgelopen week": (-1, "week"), "förra veckan": (-1, "week"),
    "sidste uge": (-1, "week"), "forrige uke": (-1, "week"), "w zeszłym tygodniu": (-1, "week"),
    "w ubiegłym tygodniu": (-1, "week"), "minulý týden": (-1, "week"), "geçen hafta": (-1, "week"),
    "minggu lalu": (-1, "week"), "săptămâna trecută": (-1, "week"), "viime viikolla": (-1, "week"),
    # next month
    "el próximo mes": (1, "month"), "el proximo mes": (1, "month"), "el mes que viene": (1, "month"),
    "próximo mes": (1, "month"), "mês que vem": (1, "month"), "próximo mês": (1, "month"),
    "le mois prochain": (1, "month"), "mois prochain": (1, "month"), "nächsten monat": (1, "month"),
    "nachsten monat": (1, "month"), "kommenden monat": (1, "month"), "il mese prossimo": (1, "month"),
    "mese prossimo": (1, "month"), "il prossimo mese": (1, "month"), "volgende maand": (1, "month"),
    "nästa månad": (1, "month"), "næste måned": (1, "month"), "neste måned": (1, "month"),
    "w przyszłym miesiącu": (1, "month"), "příští měsíc": (1, "month"), "gelecek ay": (1, "month"),
    "önümüzdeki ay": (1, "month"), "bulan depan": (1, "month"), "sa susunod na buwan": (1, "month"),
    "luna viitoare": (1, "month"), "ensi kuussa": (1, "month"),
    # last month
    "el mes pasado": (-1, "month"), "mes pasado": (-1, "month"), "mês passado": (-1, "month"),
    "le mois dernier": (-1, "month"), "letzten monat": (-1, "month"), "il mese scorso": (-1, "month"),
    "mese scorso": (-1, "month"), "vorige maand": (-1, "month"), "afgelopen maand": (-1, "month"),
    "förra månaden": (-1, "month"), "sidste måned": (-1, "month"), "forrige måned": (-1, "month"),
    "w zeszłym miesiącu": (-1, "month"), "minulý měsíc": (-1, "month"), "geçen ay": (-1, "month"),
    "bulan lalu": (-1, "month"), "luna trecută": (-1, "month"), "viime kuussa": (-1, "month"),
    # next year
    "el próximo año": (1, "year"), "el proximo año": (1, "year"), "el año que viene": (1, "year"),
    "ano que vem": (1, "year"), "próximo ano": (1, "year"), "l'année prochaine": (1, "year"),
    "l'an prochain": (1, "year"), "nächstes jahr": (1, "year"), "nachstes jahr": (1, "year"),
    "l'anno prossimo": (1, "year"), "anno prossimo": (1, "year"), "volgend jaar": (1, "year"),
    "nästa år": (1, "year"), "næste år": (1, "year"), "neste år": (1, "year"),
    "w przyszłym roku": (1, "year"), "příští rok": (1, "year"), "gelecek yıl": (1, "year"),
    "seneye": (1, "year"), "tahun depan": (1, "year"), "sa susunod na taon": (1, "year"),
    "anul viitor": (1, "year"), "ensi vuonna": (1, "year"),
    # last year
    "el año pasado": (-1, "year"), "ano passado": (-1, "year"), "l'année dernière": (-1, "year"),
    "l'an dernier": (-1, "year"), "letztes jahr": (-1, "year"), "l'anno scorso": (-1, "year"),
    "anno scorso": (-1, "year"), "vorig jaar": (-1, "year"), "förra året": (-1, "year"),
    "sidste år": (-1, "year"), "i fjor": (-1, "year"), "w zeszłym roku": (-1, "year"),
    "loni": (-1, "year"), "geçen yıl": (-1, "year"), "geçen sene": (-1, "year"), "tahun lalu": (-1, "year"),
    "anul trecut": (-1, "year"), "viime vuonna": (-1, "year"),
    # next month in Russian, Ukrainian, Vietnamese, Swahili, Hindi, Arabic, Chinese, Japanese, Korean
    "в следующем месяце": (1, "month"), "наступного місяця": (1, "month"), "tháng sau": (1, "month"),
    "tháng tới": (1, "month"), "mwezi ujao": (1, "month"), "अगले महीने": (1, "month"),
    "agle mahine": (1, "month"), "الشهر القادم": (1, "month"), "الشهر الجاي": (1, "month"),
    "下个月": (1, "month"), "下個月": (1, "month"), "来月": (1, "month"), "다음 달": (1, "month"),
    "다음달": (1, "month"),
}  # fmt: skip
STEPS |= _more("STEPS")

# the weekend: this, next or last
WEEKENDS: dict[str, str] = {
    "este fin de semana": "this", "este finde": "this", "el finde": "this", "el fin de semana": "this",
    "este fim de semana": "this", "neste fim de semana": "this", "no fim de semana": "this",
    "ce week-end": "this", "ce weekend": "this", "le week-end prochain": "next", "dieses wochenende": "this",
    "am wochenende": "this", "nächstes wochenende": "next", "questo weekend": "this",
    "questo fine settimana": "this", "nel weekend": "this", "dit weekend": "this", "dit weekeinde": "this",
    "volgend weekend": "next", "i helgen": "this", "i weekenden": "this", "nästa helg": "next",
    "w ten weekend": "this", "w weekend": "this", "bu hafta sonu": "this", "hafta sonu": "this",
    "akhir pekan ini": "this", "hujung minggu ini": "this", "weekend ini": "this", "weekendul acesta": "this",
    "în weekend": "this", "tänä viikonloppuna": "this", "viikonloppuna": "this", "o víkendu": "this",
    "tento víkend": "this", "el finde pasado": "last", "le week-end dernier": "last",
    "letztes wochenende": "last", "lo scorso weekend": "last", "afgelopen weekend": "last",
    "förra helgen": "last", "geçen hafta sonu": "last",
}  # fmt: skip
WEEKENDS |= _more("WEEKENDS")

# weekday names (Monday = 0), with the cases a date puts them in
WEEKDAYS: dict[str, int] = {
    # Spanish, Portuguese
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4, "sábado": 5,
    "sabado": 5, "domingo": 6, "segunda-feira": 0, "terça-feira": 1, "terça": 1, "quarta-feira": 2,
    "quinta-feira": 3, "sexta-feira": 4, "sexta": 4,
    # French, Italian
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "lunedì": 0, "lunedi": 0, "martedì": 1, "martedi": 1, "mercoledì": 2, "mercoledi": 2, "giovedì": 3,
    "giovedi": 3, "venerdì": 4, "venerdi": 4, "sabato": 5, "domenica": 6,
    # German, Dutch, Afrikaans
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5,
    "sonntag": 6, "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6, "vrydag": 4, "saterdag": 5, "sondag": 6,
    # Swedish, Danish, Norwegian
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6,
    "mandag": 0, "tirsdag": 1, "lørdag": 5, "søndag": 6,
    # Polish (and the accusative after "w"), Czech, Slovak
    "poniedziałek": 0, "wtorek": 1, "środa": 2, "środę": 2, "czwartek": 3, "piątek": 4, "sobota": 5,
    "sobotę": 5, "niedziela": 6, "niedzielę": 6, "pondělí": 0, "úterý": 1, "středa": 2, "středu": 2,
    "čtvrtek": 3, "pátek": 4, "sobotu": 5, "neděle": 6, "neděli": 6, "pondelok": 0, "utorok": 1,
    "štvrtok": 3, "piatok": 4, "nedeľa": 6, "nedeľu": 6, "poniedziałku": 0, "wtorku": 1, "środy": 2,
    "czwartku": 3, "piątku": 4, "soboty": 5, "niedzieli": 6, "ponedeljek": 0, "torek": 1, "sredo": 2,
    "četrtek": 3, "petek": 4, "soboto": 5, "nedeljo": 6,
    # Turkish, Romanian
    "pazartesi": 0, "salı": 1, "çarşamba": 2, "perşembe": 3, "cuma": 4, "cumartesi": 5, "pazar": 6,
    "luni": 0, "marți": 1, "marti": 1, "miercuri": 2, "joi": 3, "vineri": 4, "sâmbătă": 5, "sâmbăta": 5,
    "sambata": 5, "duminică": 6, "duminica": 6,
    # Indonesian and Malay, Tagalog
    "senin": 0, "isnin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "khamis": 3, "jumat": 4, "jumaat": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6, "huwebes": 3, "biyernes": 4, "linggo": 6,
    # Finnish (the essive a date takes), Greek
    "maanantaina": 0, "tiistaina": 1, "keskiviikkona": 2, "torstaina": 3, "perjantaina": 4, "lauantaina": 5,
    "sunnuntaina": 6, "δευτέρα": 0, "τρίτη": 1, "τετάρτη": 2, "πέμπτη": 3, "παρασκευή": 4, "σάββατο": 5,
    "κυριακή": 6,
    # Russian and Ukrainian (with the accusative after "в"/"у"), Vietnamese, Swahili
    "понедельник": 0, "вторник": 1, "среда": 2, "среду": 2, "четверг": 3, "пятница": 4, "пятницу": 4,
    "суббота": 5, "субботу": 5, "воскресенье": 6, "понеділок": 0, "вівторок": 1, "середа": 2, "середу": 2,
    "четвер": 3, "п'ятниця": 4, "п'ятницю": 4, "субота": 5, "суботу": 5, "неділя": 6, "неділю": 6,
    "thứ hai": 0, "thứ ba": 1, "thứ tư": 2, "thứ năm": 3, "thứ sáu": 4, "thứ bảy": 5, "chủ nhật": 6,
    "thu bay": 5, "chu nhat": 6, "jumatatu": 0, "jumanne": 1, "jumatano": 2, "alhamisi": 3, "ijumaa": 4,
    "jumamosi": 5, "jumapili": 6,
    # Hindi (script and romanised), Arabic
    "सोमवार": 0, "मंगलवार": 1, "बुधवार": 2, "गुरुवार": 3, "शुक्रवार": 4, "शनिवार": 5, "रविवार": 6,
    "somvar": 0, "mangalvar": 1, "budhvar": 2, "guruvar": 3, "shukravar": 4, "shanivar": 5, "ravivar": 6,
    "itvaar": 6, "itwar": 6, "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2,
    "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6, "الاحد": 6,
    # Chinese, Japanese, Korean (found inside the run of letters, `UNSPACED_WEEKDAYS`)
    "星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5, "星期日": 6, "星期天": 6,
    "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6, "週六": 5, "週日": 6,
    "礼拜六": 5, "禮拜六": 5, "礼拜天": 6, "月曜日": 0, "火曜日": 1, "水曜日": 2, "木曜日": 3, "金曜日": 4,
    "土曜日": 5, "日曜日": 6, "土曜": 5, "日曜": 6, "월요일": 0, "화요일": 1, "수요일": 2, "목요일": 3,
    "금요일": 4, "토요일": 5, "일요일": 6,
}  # fmt: skip
WEEKDAYS |= _more("WEEKDAYS")
# words before or after a weekday that make it the next one or the last one
WEEKDAY_NEXT_BEFORE: tuple[str, ...] = (
    "el próximo", "el proximo", "la próxima", "próximo", "proximo", "próxima", "nächsten", "nachsten",
    "kommenden", "prossimo", "prossima", "volgende", "nästa", "næste", "neste", "w przyszłą", "w przyszły",
    "příští", "gelecek", "sa susunod na", "ensi", "в следующую", "в следующий", "в следующее", "наступної",
    "наступного", "у наступну", "в наступну",
)  # fmt: skip
WEEKDAY_NEXT_BEFORE += tuple(_more("WEEKDAY_NEXT_BEFORE"))
WEEKDAY_NEXT_AFTER: tuple[str, ...] = (
    "que viene",
    "que vem",
    "prochain",
    "prochaine",
    "prossimo",
    "prossima",
    "depan",
    "viitoare",
    "viitor",
)
WEEKDAY_NEXT_AFTER += tuple(_more("WEEKDAY_NEXT_AFTER"))
WEEKDAY_LAST_BEFORE: tuple[str, ...] = (
    "el pasado", "letzten", "vergangenen", "afgelopen", "vorige", "w zeszłą", "w zeszły", "w ubiegłą",
    "minulý", "minulou", "geçen", "noong", "viime", "в прошлую", "в прошлый", "в прошлое", "минулої",
    "минулого", "у минулу", "в минулу",
)  # fmt: skip
WEEKDAY_LAST_BEFORE += tuple(_more("WEEKDAY_LAST_BEFORE"))
# words before or after a weekday that make it this coming one: "bu cumartesi", "इस रविवार", "thứ bảy này", "Sabtu ini"
WEEKDAY_THIS_BEFORE: tuple[str, ...] = tuple(_more("WEEKDAY_THIS_BEFORE"))
WEEKDAY_THIS_AFTER: tuple[str, ...] = tuple(_more("WEEKDAY_THIS_AFTER"))
WEEKDAY_LAST_AFTER: tuple[str, ...] = (
    "pasado",
    "passado",
    "dernier",
    "dernière",
    "scorso",
    "scorsa",
    "lalu",
    "trecută",
    "trecut",
)
WEEKDAY_LAST_AFTER += tuple(_more("WEEKDAY_LAST_AFTER"))
# Swedish, Danish and Norwegian "i lördags" is last Saturday
WEEKDAY_LAST_SUFFIXED = {"i lördags": 5, "i fredags": 4, "i torsdags": 3, "i onsdags": 2, "i tisdags": 1,
                         "i måndags": 0, "i söndags": 6, "i lørdags": 5, "i søndags": 6, "i mandags": 0,
                         "i tirsdags": 1}  # fmt: skip

# month names (January = 1), with the cases a day or a preposition puts them in
MONTHS: dict[str, int] = {
    # Spanish, Portuguese, Tagalog
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12, "janeiro": 1,
    "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "novembro": 11, "dezembro": 12, "pebrero": 2, "marso": 3, "hunyo": 6, "hulyo": 7, "setyembre": 9,
    "oktubre": 10, "nobyembre": 11, "disyembre": 12,
    # French, Italian
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12,
    # German, Dutch, Afrikaans, Swedish, Danish, Norwegian, Indonesian and Malay
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8, "augusti": 8,
    "maj": 5, "desember": 12, "agustus": 8, "ogos": 8, "disember": 12, "julai": 7, "marts": 3,
    # Greek in Latin letters
    "ianouariou": 1, "fevrouariou": 2, "martiou": 3, "apriliou": 4, "aprilio": 4, "maiou": 5, "iouniou": 6,
    "iouliou": 7, "avgoustou": 8, "septemvriou": 9, "oktovriou": 10, "noemvriou": 11, "dekemvriou": 12,
    # Polish (nominative, genitive after a day, locative after "w")
    "styczeń": 1, "stycznia": 1, "styczniu": 1, "luty": 2, "lutego": 2, "lutym": 2, "marzec": 3, "marca": 3,
    "marcu": 3, "kwiecień": 4, "kwietnia": 4, "kwietniu": 4, "maja": 5, "maju": 5, "czerwiec": 6,
    "czerwca": 6, "czerwcu": 6, "lipiec": 7, "lipca": 7, "lipcu": 7, "sierpień": 8, "sierpnia": 8,
    "sierpniu": 8, "wrzesień": 9, "września": 9, "wrześniu": 9, "październik": 10, "października": 10,
    "październiku": 10, "listopad": 11, "listopada": 11, "listopadzie": 11, "grudzień": 12, "grudnia": 12,
    "grudniu": 12,
    # Estonian (the inessive alone)
    "jaanuaris": 1, "veebruaris": 2, "märtsis": 3, "aprillis": 4, "juunis": 6, "juulis": 7, "augustis": 8,
    "septembris": 9, "oktoobris": 10, "novembris": 11, "detsembris": 12,
    # Turkish, Romanian
    "ocak": 1, "şubat": 2, "subat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "mayis": 5, "haziran": 6,
    "temmuz": 7, "ağustos": 8, "agustos": 8, "eylül": 9, "eylul": 9, "ekim": 10, "kasım": 11, "kasim": 11,
    "aralık": 12, "aralik": 12, "ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "iunie": 6,
    "iulie": 7, "septembrie": 9, "octombrie": 10, "noiembrie": 11, "decembrie": 12,
    # Finnish (the partitive after a day, the inessive alone), Czech (genitive after a day)
    "tammikuuta": 1, "helmikuuta": 2, "maaliskuuta": 3, "huhtikuuta": 4, "toukokuuta": 5, "kesäkuuta": 6,
    "heinäkuuta": 7, "elokuuta": 8, "syyskuuta": 9, "lokakuuta": 10, "marraskuuta": 11, "joulukuuta": 12,
    "tammikuussa": 1, "helmikuussa": 2, "maaliskuussa": 3, "huhtikuussa": 4, "toukokuussa": 5,
    "kesäkuussa": 6, "heinäkuussa": 7, "elokuussa": 8, "syyskuussa": 9, "lokakuussa": 10,
    "marraskuussa": 11, "joulukuussa": 12, "ledna": 1, "února": 2, "března": 3, "dubna": 4, "května": 5,
    "června": 6, "července": 7, "srpna": 8, "září": 9, "října": 10, "listopadu": 11, "prosince": 12,
    # Russian and Ukrainian (genitive after a day, prepositional or locative after "в"/"у"), Swahili (those its
    # neighbours' tables lack: januari, mei, juni, julai are there)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12, "январе": 1, "феврале": 2, "марте": 3,
    "апреле": 4, "мае": 5, "июне": 6, "июле": 7, "августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11,
    "декабре": 12, "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12, "січні": 1, "лютому": 2,
    "березні": 3, "квітні": 4, "травні": 5, "червні": 6, "липні": 7, "серпні": 8, "вересні": 9, "жовтні": 10,
    "листопаді": 11, "грудні": 12, "machi": 3, "aprili": 4, "agosti": 8, "septemba": 9,
    "oktoba": 10, "novemba": 11, "desemba": 12,
    # Hindi, Arabic (the Egyptian and Gulf names and the Levantine ones)
    "जनवरी": 1, "फ़रवरी": 2, "फरवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6, "जुलाई": 7, "अगस्त": 8,
    "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
    "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    # Chinese and Japanese "N月", Korean "N월" (`UNSPACED_MONTHS`; a day after them: "3月3日", "10月8号", "3월 3일")
    **{f"{n}月": n for n in range(1, 13)}, **{f"{n}월": n for n in range(1, 13)},
    "一月": 1, "二月": 2, "三月": 3, "四月": 4, "五月": 5, "六月": 6, "七月": 7, "八月": 8, "九月": 9,
    "十月": 10, "十一月": 11, "十二月": 12,
}  # fmt: skip
MONTHS |= _more("MONTHS")
# month forms that carry their own "in" and stand alone: Kazakh "шілдеде", Uzbek "avgustda", Georgian "მაისში"
_MONTHS_ALONE_MORE = _more("MONTHS_ALONE")
MONTHS |= _MONTHS_ALONE_MORE
_ESTONIAN = frozenset({"jaa", "vee", "mär", "apr", "juu", "aug", "sep", "okt", "nov", "det"})
# month names that stand for a month alone, with no preposition: the Finnish and Estonian inessive ("kesäkuussa",
# "juunis": in June)
MONTHS_ALONE = frozenset(
    m for m in MONTHS if m.endswith("kuussa") or m.endswith("is") and m[:3] in _ESTONIAN
) | frozenset(_MONTHS_ALONE_MORE)
# prepositions before a month: "en junio", "im März", "in juni", "i juni", "a marzo", "em maio", "w czerwcu",
# "pada bulan Juni", "sa Hunyo", "în iunie", "au mois de juin", "nel mese di"
MONTH_BEFORE: tuple[str, ...] = (
    "en", "em", "no mês de", "im", "in", "i", "au mois de", "nel mese di", "nel", "w", "pada bulan", "bulan",
    "pada", "sa", "sa buwan ng", "în", "din", "na", "a", "fin", "fine", "finales de", "a finales de", "ende",
    "eind", "slutet av", "slutningen af", "koncem", "pod koniec", "в", "во", "у", "mwezi", "mwezi wa", "في",
)  # fmt: skip
MONTH_BEFORE += tuple(_more("MONTH_BEFORE"))
# months that after the English "in" or "a" are places or things: "in Mayo" (the county), "a Mars bar"
ENGLISH_LOOKALIKE_MONTHS = ("mayo", "mars", "mart")
# a Turkish month takes its case as a suffix: "Haziran'da", "mayısta"
TURKISH_MONTHS = ("ocak", "şubat", "subat", "mart", "nisan", "mayıs", "mayis", "haziran", "temmuz", "ağustos",
                  "agustos", "eylül", "eylul", "ekim", "kasım", "kasim", "aralık", "aralik")  # fmt: skip

# units of "in N units" and "N units ago"
UNITS: dict[str, str] = {
    "día": "day", "días": "day", "dia": "day", "dias": "day", "jour": "day", "jours": "day", "tag": "day",
    "tage": "day", "tagen": "day", "giorno": "day", "giorni": "day", "dag": "day", "dagen": "day",
    "dagar": "day", "dage": "day", "dager": "day", "dni": "day", "dzień": "day", "gün": "day", "hari": "day",
    "zile": "day", "zi": "day", "araw": "day",
    "semana": "week", "semanas": "week", "semaine": "week", "semaines": "week", "woche": "week",
    "wochen": "week", "settimana": "week", "settimane": "week", "week": "week", "weken": "week",
    "vecka": "week", "veckor": "week", "uge": "week", "uger": "week", "uke": "week", "uker": "week",
    "tydzień": "week", "tygodnie": "week", "tygodni": "week", "hafta": "week", "minggu": "week",
    "săptămână": "week", "săptămâni": "week", "viikon": "week", "viikkoa": "week", "linggo": "week",
    "mes": "month", "meses": "month", "mês": "month", "mois": "month", "monat": "month", "monate": "month",
    "monaten": "month", "mese": "month", "mesi": "month", "maand": "month", "maanden": "month",
    "månad": "month", "månader": "month", "måned": "month", "måneder": "month", "miesiąc": "month",
    "miesiące": "month", "miesięcy": "month", "ay": "month", "bulan": "month", "lună": "month",
    "luni": "month", "kuukauden": "month", "kuukautta": "month", "buwan": "month",
    "año": "year", "años": "year", "ano": "year", "anos": "year", "an": "year", "ans": "year",
    "année": "year", "années": "year", "jahr": "year", "jahre": "year", "jahren": "year", "anno": "year",
    "anni": "year", "jaar": "year", "jaren": "year", "år": "year", "rok": "year", "lata": "year",
    "lat": "year", "yıl": "year", "sene": "year", "tahun": "year", "ani": "year", "vuoden": "year",
    "vuotta": "year", "taon": "year",
}  # fmt: skip
UNITS |= _more("UNITS")
# "en 2 semanas", "dans 3 jours", "in 2 Wochen", "tra 2 settimane", "em 2 semanas", "over 2 weken", "om 2 veckor",
# "za 2 tygodnie", "în 2 săptămâni"; after the unit: "2 hafta sonra", "2 minggu lagi", "2 viikon päästä"
IN_BEFORE: tuple[str, ...] = ("en", "dans", "in", "tra", "fra", "em", "daqui a", "dentro de", "over", "binnen", "om", "za", "în",
             "sa loob ng")  # fmt: skip
IN_BEFORE += tuple(_more("IN_BEFORE"))
IN_AFTER: tuple[str, ...] = ("sonra", "lagi", "päästä", "kuluttua")
IN_AFTER += tuple(_more("IN_AFTER"))
# "hace 2 semanas", "il y a 3 jours", "vor 2 Wochen", "há 2 semanas"; after: "2 settimane fa", "2 weken geleden",
# "2 veckor sedan", "2 uger siden", "2 tygodnie temu", "2 hafta önce", "2 minggu lalu", "2 viikkoa sitten"
AGO_BEFORE: tuple[str, ...] = ("hace", "il y a", "vor", "há")
AGO_BEFORE += tuple(_more("AGO_BEFORE"))
AGO_AFTER: tuple[str, ...] = ("fa", "geleden", "sedan", "siden", "temu", "önce", "lalu", "yang lalu", "sitten", "în urmă",
             "na ang nakalipas", "nakaraan")  # fmt: skip
AGO_AFTER += tuple(_more("AGO_AFTER"))

# past-tense words that turn a date without its own direction back ("geboren op 3 maart", "née le 12 avril", "hat
# ihn am Sonntag bekommen", "seit Sonntag bei uns"): the English tense words cannot read them
PAST = (
    # Spanish, Portuguese, Catalan
    r"nació|nacieron|murió|falleció|fallecio|se casó|se casaron|se graduó|me gradué|se jubiló|me jubilé|se mudó|llegó"
    r"|nasceu|nasceram|faleceu|morreu|casou|casaram|formou-se|me formei|aposentou|chegou|va néixer|ens va deixar"
    # French, Italian
    r"|est née?s?|sont nés|née? le|est décédée?|est morte?|nous a quittés|s'est mariée?|se sont mariés"
    r"|(?:ai|as|a|avons|ont) (?:eu|emménagé|déménagé|commencé|adopté|obtenu)|s'est fiancée?|depuis"
    r"|è nat[oa]|sono nati|è mort[oa]|è mancat[oa]|ci ha lasciat[oi]|si è sposat[oa]|ci siamo sposati"
    r"|si sono sposati|(?:ho|ha|abbiamo|hanno) (?:avuto|adottato|iniziato|traslocato)|mi sono laureat[oa]"
    r"|si è laureat[oa]|è andat[oa] in pensione|ci siamo trasferiti|da (?:lunedì|martedì|mercoledì|giovedì|venerdì"
    r"|sabato|domenica)"
    # German, Dutch, Afrikaans
    r"|geboren|gestorben|verstorben|geheiratet|(?:hat|haben|habe|hatte)\s(?:\w+\s){0,6}bekommen|umgezogen|angefangen"
    r"|eingezogen|seit|starb|kam"
    r"|overleden|getrouwd|gekregen|verhuisd|begonnen|afgestudeerd|sinds|gebore|oorlede"
    # Swedish, Danish, Norwegian
    r"|föddes|född|gick bort|gifte (?:sig|oss)|flyttade|började|fick|blev født|er født|døde|gik bort|giftede os"
    r"|flyttede|begyndte|ble født|gikk bort|giftet oss|flyttet|begynte|fikk|sedan (?:i )?(?:måndags|tisdags|onsdags"
    r"|torsdags|fredags|lördags|söndags)"
    # Polish, Czech, Slovenian, Romanian
    r"|urodził(?:a)?(?: się)?|zmarł(?:a)?|odszedł|odeszła|wzięli(?:śmy)? ślub|przeprowadziliśmy się|zaczął|zaczęła"
    r"|narodil(?:a)? se|zemřel(?:a)?|vzali jsme se|se je rodil(?:a)?|je umrl(?:a)?|s-a născut|a născut|a murit"
    r"|a decedat|s-a căsătorit|ne-am căsătorit|ne-am mutat|s-a mutat|a absolvit|am absolvit|s-a pensionat"
    # Turkish, Indonesian and Malay, Tagalog, Finnish, Greek
    r"|doğdu|vefat etti|evlendi(?:k)?|taşındı(?:k)?|mezun oldu(?:m)?|emekli oldu|sudah|telah|baru saja"
    r"|ipinanganak|pumanaw|ikinasal|lumipat|nagsimula|nagtapos|noong|syntyi|kuoli|menehtyi|menimme naimisiin"
    r"|muutimme|valmistuin|γεννήθηκε|πέθανε|παντρευτήκαμε|gennithike|pethane"
)
PAST += "".join("|" + re.escape(w) for w in _more("PAST"))
# words that make a sentence look ahead ("akan", "prévue", "будет", "sẽ", "จะ", "予定"), as the English future words do;
# those of scripts without spaces are found inside a run of letters
FUTURE: tuple[str, ...] = tuple(_more("FUTURE"))


def _unspaced(words: Iterable[str]) -> tuple[str, ...]:
    """The words of scripts written without spaces (Chinese, Japanese, Thai) and of Korean, whose particles join on
    ("오늘은"): the scanner finds these inside a run of letters, not only between spaces."""
    return tuple(w for w in words if unspaced(w) or korean(w))


UNSPACED_DAY_SHIFTS = _unspaced(DAY_SHIFTS)
UNSPACED_WEEKDAYS = _unspaced(WEEKDAYS)
UNSPACED_MONTHS = _unspaced(MONTHS)
UNSPACED_STEPS = _unspaced(STEPS)
# Swahili today and yesterday are names too ("Leo", "Jana"): read only in lower case
CASED_DAY_SHIFTS = ("leo", "jana")
