"""The "not found" rule: does any of the best passages hold the kind of answer the question asks for?

A similarity threshold cannot say it (e5 scores unanswerable questions on the collection's themes as high as
answerable ones), so the rule looks at what the question asks instead. The collection is said to have no
answer when, in the best passages:
1. the question names a number or an ordinal (第三次, 14届, the 20th), or a title in 《》, that none of them contains; or
2. the question asks for a year, a date or an amount, and no sentence holds such a value (one the question
   does not already give) next to a fair share of the question's keyword weight (MIN_SHARE); 什么时候 and when
   ask for a time of any grain, which a year answers too (明年超过全国水平, 2025年建成), 哪天 for a date; a year or a date
   asked of an event (哪天闭幕, 哪一年制定; of an English question, an ending: when did … close) must
   stand in a sentence that names that event: the date a session opened does not say when it closed (a meeting
   held is named by any word for holding it: 召开 by 举行, 开幕 or 进行); one an English question asks of a body
   or a person it names with capitals (when did the Politburo hold …) must stand in a sentence, or an opening
   date line under a title, that names it (政治局; 省委常委班子…召开民主生活会 does not date the Politburo's). Likewise
   an amount asked of a counted thing (多少个5G基站, 几位市委书记, or 人均可支配收入是多少元) must stand in a
   clause that names it, or in one that continues it with no subject of its own (私营企业达到109.4万户，是2017年
   的1.6倍; but 5G基站…全面铺开，数字经济占比达37.4% gives no count of base stations), with any distinguishing
   word of it (国家级…平台, or 国家 without its 级), the noun right before it (高新技术…企业) and a size it is over
   (亿元以上…项目): 80个工业互联网平台 is no count of base stations, 省级 ones no count of 国家级 ones, 76家专精特新
   企业 no count of 高新技术企业, 100个“揭榜挂帅”项目 no count of 亿元以上项目; 个 asks for a count of anything
   (76家 answers 多少个), 人 for people however counted (1000名), 钱 for a sum in yuan (727元; 现在, 每月 are not what
   is measured), and a unit that opens a longer word of the
   question is none (多少人才 asks for talents); after 是 or 有, a bare 多少 asks of the nouns before it
   (森林覆盖率是多少: 幼儿园覆盖率 is no answer; 5G基站有多少), and so does a size asked (面积有多大, 有多长: 营造林
   125万亩 gives no area of 辽河口国家公园). An ordinal (第二, 第一天) is a count only of a rank
   asked (第几位, 排名) or of a count asked with 几, which a text may give by numbering its points (第一，…第三，…):
   我第一天到辽宁工作 says how many of nothing. A value asked of a year (2022年; not 2017年 in
   是2017年的几倍 or 和2017年相比) is not read from a passage whose section heading names other years (a work report's
   三、2023年重点工作 gives 2023's targets), nor is one said over several years (年均, 累计; in a passage that opens on
   五年来, any but a level reached: 达到109.4万户); an average over years asked (年均, 平均每年) needs a value said
   as one; an English "how many" is never answered by a percentage. A value asked of a city or a province the question names (锦州今年地区生产
   总值目标是多少) must stand in a sentence that names it, unless it is the place the passage's article names most
   (its home place, Index.home_place: 辽宁 of a Liaoning work report, whose 全省…增长5%以上 answers of 辽宁, not of
   锦州). An article's opening sentence, when it gives a date (its date line "(2022年10月25日)", or a report's
   lead "习近平9日上午在…发表重要讲话"), answers a year or a date asked of the occasion the article's title names
   (the speech, the meeting), when the title holds at least half of the question's keyword weight
   (MIN_SHARE_DATELINE) and the question does not ask for an ending (闭幕, 结业); or
3. the question is in Chinese and none of its words occurs in the collection at all; or
4. the question asks for a person's post (担任什么职务) and no passage puts a post, other than one the
   question already gives, right before a name the question uses (省委书记郝鹏, 常委赵乐际、王沪宁) or after
   任/担任 with it; or
5. the question asks for a list (包括哪几条, 有哪些) and the passages name its subject only as one item of
   another list (中国特色、本质要求和重大原则): the subject is mentioned, what it includes is not given. The
   subject is the phrase of the asking words' own clause that the passages write least often (its most
   specific words): in 党员干部下基层要怎样服务于民，做到哪几个“心”？ the list is not asked of 党员干部下基层.
   A person's name in a list that what the question says the person did follows answers, though: 李强、王沪宁、
   蔡奇出席会议 answers 王沪宁出席了哪些会议; so does a list of what follows the asking words, doing what the
   question says (…领导同志、中央军委委员出席开班式 answers 还有哪些领导同志出席). Likewise when the list is asked
   of a counted term named right before the asking words (“七个有之”具体包括哪些, 八个方面的工作任务有哪些) that the
   passages write but list nowhere (及时发现、着力解决“七个有之”问题; _counted_term_unlisted).
6. the question asks who holds a post (中央第二督导组组长是谁, 哪位政治局常委主持) and no passage, nor the title
   and byline shown above it (省委书记郝鹏在…的讲话, 省长 李乐成), puts a name right after that post (常委李强,
   厅长兼省委教育工委书记王庆东) or before 任/担任 and it: the group is named, its head is not. Of an English
   question asking who led or heads something (who led the Central Second Supervision Group, who is the head of
   the Organization Department), the posts are those that head what its last noun names (group: 组长 团长 队长;
   department: 部长 厅长 局长 处长), and a name after any of them answers.
7. the question asks which city (哪座城市, 哪几个市, which city) and no sentence names a city other than the question's
   (a province is none), beside MIN_SHARE of its keyword weight (MIN_SHARE_CITY_TRANSLATED of an English question's):
   成功举办第九届中国—中亚合作论坛 does not say where.
Rules 4 and 5 read Chinese questions only: an English question's dictionary translations are not its phrases
(rule 6 reads an English question's posts from the noun it asks of, not from its translations).

A duration asked (多久, 多长时间) is no part of rule 2: a span is also said in ways no pattern reads (从…到…).
It only orders the passages, as below.

The same tests as rules 2 and 6 order the passages the rule reads (answer_tiers): those with a sentence that
gives the asked kind of value, or a name beside the asked post, come first, so the answer to 哪天开的, 有几位 or
组长是谁 stands above a passage that only shares its words (and of 谁主持, 谁代表…, a passage that names someone
before that verb, as of an English "who chaired": 主持; of a date asked of an article's own occasion, the article's opening passage, whose date line
answers it, above a sentence that dates another speech; of a question asking which N things, which three kinds
of awareness or 哪三种本领, a passage with a clause listing that many that end with a word of the question:
法治意识、程序意识、证据意识), and that sentence is the one the reader sees emphasised. It reorders, never
replaces, those passages: the verdict stays the same. Of a question asking who did something, the search orders
the best eight so (the short passage 省委书记郝鹏主持会议并讲话 may stand sixth).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .bilingual import Lexicon
from .chunking import Passage
from .evidence import Sentence, share
from .keywords import ANY_OF, WORD_CHAR, KeywordTokenizer, abbreviations, everyday_terms, is_content_word, normalize, place_of
from .text import DIGITS, has_han, number_forms, numeral_value, split_sentences

# Share of the question's keyword weight that must stand in the answering sentence (calibrated on the dev
# and held-out questions: answerable ones reach 0.23 and more). Dictionary translations of an English question
# match less of a sentence (each English word is one term, any of its translations: KeywordIndex.alternatives_weights),
# so less is asked of them: over the read sets, 0.15 catches three more unanswerable English questions than the 0.05
# of shared-out weights did and rejects none; 0.2 catches ten, but rejects an answerable one here and one unread.
MIN_SHARE = 0.2
MIN_SHARE_TRANSLATED = 0.15
# The share an English question's words need beside a city asked of (rule 7): the report names its cities in
# sentence after sentence, and one word like 合作 (cooperation) beside 大连 is no answer to which city held a forum.
# Twice the share of other English questions, as it was with shared-out weights (0.1 against 0.05: two more
# unanswerable questions caught, none answerable lost; 0.2 then rejected one). With each English word one term,
# 0.2 and 0.3 catch the same read questions.
MIN_SHARE_CITY_TRANSLATED = 0.3
# Share of the question's keyword weight that an article's title must hold for its opening date to answer the
# question: the occasion the question asks about must be the article's own, not one the article mentions
# (郝鹏讲话中提到的那次省委经济工作会议: 0.23; the speech's own occasion, asked in other words: 0.70 and more,
# bench/rule_probes.jsonl). Scaled like MIN_SHARE for dictionary translations.
MIN_SHARE_DATELINE = 0.5
# Share of the words naming a meeting (those before the asking words: 中央经济工作会议是哪天举行的) that the sentence
# giving its date, with its article's title, must hold: the read sets' ten answerable such questions reach 0.89 and
# more; of seven unanswerable ones, whose meeting the text only mentions, five 0.19 to 0.62 (one 0.73, caught by
# another rule, and one 1.0: 刚刚召开的省委经济工作会议…明年…, the meeting named beside a year of something else). Nearer
# the unanswerable than the answerable: the abbreviations a reader uses are not all listed (二十届 by 第二十届).
MIN_SHARE_OCCASION = 0.7

_CN_NUM = "零〇一二两三四五六七八九十百千"
# What counts things: 几位 asks for people, 14位 answers it; 三座大山 answers 几座大山.
_COUNTERS = "个位项家条类种名次倍成座所件处户套台辆"
# What 几 asks a count in: those, and counters a text writes after digits (6部作品), not after a numeral that is no
# count (一批, 一场: everywhere in this material).
_ASKED_COUNTERS = _COUNTERS + "部届场枚批支本块只"
# 几 that asks a count (几位, 有几个); not 哪几 (a list), nor a few named (这几位, 好几个, 除了几位政治局常委).
_ASKS_JI = rf"(?<![哪这那好])(?<!除了)几(?=[{_ASKED_COUNTERS}])"
# Numbers and ordinals a question can name: 2021年, 14届, 第三次, 二十届 (a digit run, or numerals + a counter).
# Digits as text.numbers_in reads them (10,000: one number; not COVID-19's 19), less a per cent sign. 一次, 一批
# without 第 say "once", "a batch" (召开一次会议, 一批项目), unless a meeting follows (一次全会).
_NAMED_NUMBER = re.compile(rf"{DIGITS}|第[{_CN_NUM}]+[次届期批轮号]|(?!一[次批期轮](?!全会|中全会|全体会议|集体学习))[{_CN_NUM}]+[次届期批轮号]")
# Years are the documents' own time ("2023年" in a question, "今年" in a report): not a detail to check.
_YEAR = re.compile(r"(?:19|20)\d\d")
# A year a question asks about (2022年, in 2022) or a section heading speaks of (三、2023年重点工作); not one that
# opens a span (2018年以来, 2018年到2022年: a heading's 过去五年 may cover it), nor the base of a comparison
# (是2017年的几倍, 比2017年增长多少: the value is of another year).
_NAMED_YEAR = re.compile(r"(?<![比较与同])(?:19|20)\d\d(?=\s*年(?!以来|来|起|至|到|相比|的\s*(?:多少|[\d几一二三四五六七八九十]+)\s*倍))"
                         r"|(?<!than )(?<!than in )(?<!compared with )(?<!compared to )(?<!compare with )(?<!compare to )(?<!compares with )"
                         r"(?<!compares to )(?<!relative to )(?<!versus )(?<!against )(?<!over )\b(?:19|20)\d\d\b(?!\s*(?:to|-|–))(?<!since \d{4})")
# A year as the documents say it, from its distance to the year they are dated; and as a question may ask it.
_YEAR_SAID = {0: "今年", -1: "去年", 1: "明年"}
_ASKED_YEAR_SAID = re.compile(r"今年|去年|明年|\b(?:this|last|next) year\b", re.I)
_ENGLISH_YEAR_SAID = {"this year": "今年", "last year": "去年", "next year": "明年"}
# An English "when" that opens the question or a later clause (…, and when will they be held?), not the when of a story
# (what did Xi say when he spoke).
_WHEN = r"(?:^|[,;]\s*(?:and\s+)?)\s*when"
_AUXILIARY = r"(?:did|does|do|was|were|is|are|will|has|have)"
# An English date asked: the asking words and their auxiliary (when did, what date was).
_ENGLISH_ASKS_DATE = rf"\b(?:when|(?:what|which)\s+(?:dates?|days?|year))\s+{_AUXILIARY}\s+"
_ASKS = {
    # 哪年哪天开的: one asking span, so that what is dated is 开, not jieba's 天开.
    "year": re.compile(r"哪一?年(?!度)(?:哪一?天|几月几[日号]|哪一?个?月(?:哪一?[日天号])?)?|何年|什么年份|\b(?:what|which) year\b", re.I),
    # A month asked (几月份, 哪个月) is a date's: the text dates by month and day (1月9日) or year and month.
    "date": re.compile(rf"哪一?天|几月几[日号]|(?<!第)几号|什么时候|何时|哪一?日|日期|几月份?|哪一?个月|{_WHEN}\s+{_AUXILIARY}\b"
                       r"|\b(?:what|which)\s+(?:dates?|days?|month)\b", re.I),
    # Before "amount": 多少天 asks how long, not how many.
    # 开了几天, not 近几年 or 这几天 (a time the question names).
    "duration": re.compile(r"多长时间|多久|多少(?:天|个月|小时|分钟)|(?<![近前这那哪])几(?:天|个月|个小时|小时|分钟|周|年)|\bhow long\b", re.I),
    # A size asked of what has one (面积有多大, 规模多大, 增速多高); not 意义有多大, 力度多大, which ask no number.
    "amount": re.compile(rf"多少|{_ASKS_JI}.|百分之几|(?:面积|规模|体量|总量|容量|产能|幅度|人口)有?多大|多大的?(?:面积|规模)|多高|多长(?!时间)|多远"
                         r"|\bhow (?:many|much)\b|\bwhat (?:share|percentage|proportion)\b"
                         # How fast did … grow: a rate asked.
                         r"|\bhow (?:fast|quickly|rapidly)\b(?=[^?]*\b(?:grow|grew|grown|growing|rise|rose|risen|increase|increased|expand|expanded)\b)"
                         # What was the total investment …, what was Shenyang's GDP growth rate: a measure asked.
                         r"|\bwhat (?:was|is|were|are|will be)\s+(?:[\w'’-]+\s+){0,6}?(?:rate|total|number|amount|percentage|share|"
                         r"proportion|value|volume|output|investment|cost|budget|revenue|income|level|figure|size|area|length)s?\b", re.I),
}
# A question that ends asking yes or no (行不行, 够不够, 是不是, 可以吗) asks for no count or span with 几: there it
# means "a few" (光背几个新名词新说法行不行？). Not 吗 alone: 你知道有几个实验室吗 asks the count.
_ENDS_ASKING_YES_OR_NO = re.compile(r"(?:([\u4e00-\u9fff])不\1|可不可以|(?:行|可以|够|对)了?吗)[？?！!。.\s]*$")
_SOME = re.compile(r"几(?=[\u4e00-\u9fff])")
# A span of days (全会于1月9日至10日…举行): a duration, and the day a meeting held over it closed.
_SPAN_OF_DAYS = re.compile(r"\d{1,2}日至\d{1,2}日")
_VALUE = {
    "year": re.compile(rf"\d{{4}}年|[〇零一二三四五六七八九]{{4}}年"),  # 2035年, 二〇三五年
    "date": re.compile(rf"[\d{_CN_NUM}]{{1,3}}月[\d{_CN_NUM}]{{1,3}}[日号]|\d{{1,2}}日|\d{{4}}年\d{{1,2}}月"),
    # Not the month or day of a date (1月9日), nor a year (2023年): a date gives no amount; nor 一 alone before a
    # counter, the article "a" (一个重大理论创新).
    "amount": re.compile(rf"(?<![\d.月])(?!(?:19|20)\d\d年)\d+(?:\.\d+)?%?(?![\d.]|[月日号])|第[{_CN_NUM}]+"
                         rf"|(?<![{_CN_NUM}])(?!一[{_COUNTERS}])[{_CN_NUM}]+(?=[{_COUNTERS}])"),
    # 一整天, 3个多月, 五年, 十多天; a span of days (9日至10日); not a year (2023年), a month (3月) nor a rank (第一年).
    "duration": re.compile(rf"(?<![\d第])(?:\d{{1,3}}|[{_CN_NUM}半]+)(?:多?个多?月|多?(?:年|周|天|小时|分钟))|整天|半天|{_SPAN_OF_DAYS.pattern}"),
}
# 什么时候, 何时 and when ask for a time of any grain: a year (到2025年, 明年超过全国水平) answers them as well as a date,
# which 哪天 and 几月几日 ask for.
_ASKS_ANY_TIME = re.compile(rf"什么时候|何时|{_WHEN}\b", re.I)
_ANY_TIME = re.compile(rf"{_VALUE['date'].pattern}|\d{{4}}年|今年|明年|去年|后年|年底|年内")
# 多少亿元, 多少公里, 多少所: the unit the answer must carry. English units map to the Chinese ones.
_UNITS = "万亿元|亿美元|万美元|美元|亿元|万元|元|钱|亿斤|万吨|吨|公里|千米|万亩|亩|万人|人|个|家|项|倍|所|座|套|台|辆|件|处|户|列|艘|架|篇|份|张|栋|棵|株|头|趟|次"
_ANY_COUNTER = "个|家|项|条|类|种|所|座|套|台|辆|件|处|户|名|位"
_PEOPLE = "人|名|位"
# An English unit of a hyphened modifier asks for none: the three trillion-yuan industrial bases, a 100-kilometre road.
# How many times has … visited asks a count in 次; how many times larger, a multiple (倍), asks no unit.
_ASKED_UNIT = re.compile(rf"多少({_UNITS})|\b(?<!-)(yuan|(?:us )?dollars?|kilometres?|kilometers?|tonnes?|hectares?|(?<=how many )(?:people|persons|times(?=\s+(?:has|have|had|did|does|do|was|were|is|are|will)\b)))\b", re.I)
# What an ordinal answers (第二, 第一次): a rank asked (第几位), or a count asked with 几, which a text may give by
# numbering its points (第一，…第三，… for 几点要求). Not 多少 nor how many: 我第一天到辽宁工作 says no number of anything.
_ASKS_ORDINAL = re.compile(rf"第几|排名|名次|位次|{_ASKS_JI}.|\b(?:rank|ranks|ranked|ranking|place)\b", re.I)
# A size asked: of the nouns before it (辽河口国家公园面积有多大 -> 国家公园…面积, 农村公路有多长 -> 农村…公路).
_ASKS_SIZE = re.compile(r"多[大高长远](?!时间)")
# A count asked of a thing (多少个基站, 几位市委书记, …是多少元); not 第几位, a rank.
_ASKS_COUNT = re.compile(rf"多少(?:{_UNITS})?|(?<!第){_ASKS_JI}.|{_ASKS_SIZE.pattern}")
# Words that say a value is asked, not what of: 科技型中小企业数量的目标是多少 asks of 科技型中小企业.
_COUNT_WORDS = frozenset(("数量", "数目", "总数", "个数", "目标", "指标", "数字", "数值", "拥有量", "保有量", "总量", "总额", "数额",
                          "规模", "金额", "额度", "增幅", "涨幅", "降幅", "增长率", "人数", "次数", "户数", "件数"))
# The words for the sides a matter is looked at from, one for another in a count of them (几个角度: 3个方面).
_ASPECTS = dict.fromkeys(("方面", "角度", "层面", "维度"), ANY_OF.join(("方面", "角度", "层面", "维度")))
# A modal that opens a word jieba's dictionary lacks makes it a verb its guesser joined (最少要保多少亩: 要保).
_MODALS = ("要", "将", "能", "应", "可", "需", "须")
_MEASURES = _COUNT_WORDS | {"面积", "长度", "距离", "高度", "里程"}
_BOUNDS = frozenset(("最少", "至少", "最多", "至多", "最低", "最高", "不少于", "不低于", "不超过", "不高于", "少于", "多于", "大约", "大概", "左右"))


def _only_says_count(word: str) -> bool:
    """A word that only says a count or a target is meant (数量, 目标; 控制目标, 预期目标: a target of what is named before)."""
    return word in _COUNT_WORDS or (len(word) > 2 and word.endswith(("目标", "指标")))


# A change asked right before a bare 多少 (比上年增长了多少): the nouns before it name what changed.
_GROWTH_ASKED = re.compile(r"(?:比上年|比去年|较上年|同比)?(?:年均|平均)?(?:增长|下降|提高|增加|减少|上涨|降低|上升)了?$")
_NUMBER_OR_DATE = re.compile(r"\d+(?:\.\d+)?[年月日]?")
# Words between a measured thing and the asking words (收入是多少元, 对象一共有多少人, 税负超过多少亿元): not the thing.
_LINKING = re.compile(r"是|有|为|达到?|共|一共|总共|共计|约|大约|分别|各|各有|各是|各为|到|了|计划|预计|预期|超过|超出|突破|逾|接近|高于|低于|不低于|不少于")
# When or how often a value is asked (低保标准现在是每月多少钱): not the thing measured.
_WHEN_SAID = re.compile(r"每[年月日天周]|现在|目前|当前|如今|今年|去年|明年|全年|年底|年初|平均")
# Aspect particles: the word before them is a verb, whatever jieba's dictionary says (方面总结了).
_ASPECT = ("了", "着", "过")
# The unit the best answer carries: the counter of 几位, 几个 (14位市委书记); a percentage for a share (占比, 百分之几).
# Only the order of the passages asks for it: 三是… also answers 几条, 提高1.5个百分点 a share.
_ASKED_COUNTER = re.compile(rf"{_ASKS_JI}([{_ASKED_COUNTERS}])")
_ENGLISH_HOW_MANY = re.compile(r"\bhow many\b(?!\s+(?:percent|per cent|percentage points?|times)\b)", re.I)  # a count, never a percentage
_ASKS_SHARE = re.compile(r"百分之几|占比|比重|\b(?:share|percentage|proportion)\b", re.I)
# Where the question's clause ends: the event a date is asked of is the first word after 哪天 in the same clause,
# not a word that only leads to it (什么时候让经济增速超过全国: the words after 让 say what is asked of, 让 does not).
_COVERBS = frozenset("让 使 把 将 被 给 对 向 跟 同 由 叫".split())
_ASKING_WORD = re.compile(r"哪|什么|几|多少|怎么|如何|谁")
_CLAUSE_END = re.compile(r"[，,；;？?。！!]")
# A post asked of a person, and the posts a text gives (the last characters of a post's name).
_ASKS_POST = re.compile(r"(?:什么|哪个|哪一?种|何)(?:职务|职位|岗位|官职)|任(?:什么|何)职|担任(?:过)?(?:什么|何|哪)")
_POST = re.compile(r"书记|主任|部长|省长|市长|县长|主席|委员|常委|总理|局长|厅长|院长|校长|组长|团长|队长|处长|科长|所长|会长|社长|馆长|秘书长|司令员|政委|董事长|总经理|行长")
# What follows a post without naming anyone (我和常委同志都进行了点评, 常委班子): a question's 崔亚飞同志 is no name there.
_NOT_NAMES = ("同志", "班子", "们")
_TAKES_POST = re.compile(r"(?:同志)?(?:曾|先后|历|现)?(?:担任|出任|兼任|(?<![主责信])任(?!务))")
# Who holds a post: asked after the post (组长是谁, 书记由谁担任) or before it (谁是…组长, 哪位政治局常委).
_ASKS_HOLDER_AFTER = re.compile(r"(?:是|为|由)?(?:谁|哪一?位|何人)")
_ASKS_HOLDER_BEFORE = re.compile(r"谁是|哪一?位")
_EACH = frozenset(("分别", "各自", "具体", "都", "究竟", "到底"))  # between a post and 是谁, they leave the post asked
# Who leads something, asked in English (who led the Central Second Supervision Group that attended…, who is the
# head of the Central Organization Department): what is led, up to a word that starts a clause or a phrase after it.
_ENGLISH_ASKS_HEAD = re.compile(
    r"\bwho\s+(?:led|leads|headed|heads|(?:is|was)\s+(?:currently\s+|now\s+)?(?:the\s+)?(?:head|leader|chief|director)\s+of)\s+"
    r"(?P<led>[^?,;:]+)", re.I)
_AFTER_LED = re.compile(r"\b(?:that|which|who|whose|at|in|on|during|when|to|for|and|under)\b", re.I)
# The posts that head what a noun names: the Chinese post words of those who lead it.
_HEAD_POSTS = {
    "group": ("组长", "团长", "队长"), "team": ("组长", "队长", "团长"), "delegation": ("团长",),
    "department": ("部长", "厅长", "局长", "处长"), "ministry": ("部长",), "bureau": ("局长",), "office": ("主任",),
    "commission": ("书记", "主任"), "committee": ("书记", "主任"), "government": ("省长", "市长", "县长"),
    "province": ("省长", "书记"), "city": ("市长", "书记"), "university": ("校长",), "school": ("校长",),
}
# Who did something (谁主持了, 是由哪位领导主持的): the verb follows; a place (在全会上) may stand before it.
_ASKS_DOER = re.compile(r"(?:是|由)?(?:谁|哪一?位(?:领导|同志)?|何人)")
# Who chaired something, asked in English: the documents write 主持 (李强主持开班式).
_ENGLISH_ASKS_CHAIR = re.compile(r"\bwho\s+(?:presided|chaired|hosted|moderated)\b", re.I)
_PLACE_ENDS = ("上", "中", "里", "时", "期间")
_PLACE_PHRASE = re.compile(r"^是?在[^，。？?]{1,15}?(?:上|期间)")
# The roles at a meeting whose holder a question may ask for (由谁主持, 谁作讲解): "not found" when no passage names
# one before the verb. Not any verb: 引用了哪位领导人的论述 asks whom someone quoted, and jieba glues a name to a
# one-character verb (李乐成作 → 李乐 / 成作).
_ROLE_VERBS = ("主持", "讲解", "主讲", "授课", "宣讲", "致辞")
# A city asked for: the answer names one (盘锦获评国际湿地城市).
_CITY_WORDS = ("城市", "市", "都市", "城")  # the Chinese words of 哪个城市 and of "city"
# China's provinces and autonomous regions (as place_of names them, without 省): no answer to which city. The four
# municipalities (北京, 上海, 天津, 重庆) and the special administrative regions are cities.
_PROVINCES = frozenset(
    "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆".split()
)
# Where a meeting or an event was held (在哪里召开, 在什么地方举行, where was … held; not 重点放在哪里): a sentence must
# say it took place at somewhere (研讨班…在中央党校开班, 全会…在北京举行); 成功举办第九届中国—中亚合作论坛 says where nothing was held.
_ASKS_VENUE = re.compile(
    r"在(?:哪里|哪儿|什么地方|何处|何地|哪个地方)[^，。？?]{0,4}?(?:召开|举行|举办|开班|开幕|闭幕|进行|开会)|(?:举办|举行|召开)地点"
    r"|\bwhere\b(?=[^?]*\b(?:held|hosted|staged|convened|take place|took place|taking place)\b)", re.I)
_HELD_AT = re.compile(r"(?:在|于)[^，。；！？]{2,24}?(?:召开|举行|举办|开班|开幕|闭幕|进行)")
_ASKS_CITY = re.compile(r"哪(?:一?个|一?座|些|几个)城市|哪(?:个|几个|些)市(?![场民])|\bwhich (?:city|cities)\b", re.I)
# A list asked for; the words are cut from the question before its subject is looked for.
_ASKS_LIST = re.compile(r"(?:具体)?(?:包括|包含|有|是)?(?:哪几|哪些|哪(?:\d+|[二三四五六七八九十两]+)(?=[个项种条篇类点方件]))|分别(?:是|有|为)")
_QUOTES = "“”\"‘’《》「」"
# The items of a counted term asked without 哪些 (这12个方面具体都是什么, “七个有之”包括什么): read by rule 5's counted term only.
_ASKS_ITEMS = re.compile(r"(?:具体)?(?:都|各)?(?:是|指|包括|包含)(?:了)?什么(?=[？?。，,！!]|$)")
# A list asked of what else there is besides something the question names (除了严管和厚爱结合，还要坚持哪些原则; “一县一园”
# 之外的哪些做法): that something is one item of the list, and the list is the answer.
_ASKS_OTHERS = re.compile(r"除了|之外|以外|(?<![消排废解免清革剔删扣拆摒铲破根])除[^，,。？?]{1,20}?外(?=[，,还也])")
# Words between a counted term and the asking words that leave the term what is asked (“七个有之”具体是指哪七种).
_LIST_LINKING = re.compile(r"具体|究竟|到底|主要|都|分别|指|是|是指|指的是|包括|包含|有|的|为|把")
# A count the question names with what is counted (“三篇大文章”, 八个方面, 12个方面); not one it asks (哪三篇, 第三).
_COUNTED = re.compile(r"(?<![哪第几\d])(?:(\d+|[二三四五六七八九十两]+)(?:个|项|种|条|点|篇|重|类|件|方面)|(?<!十)([二三四五六七八九两])大)")
_CLAUSE = re.compile(r"[，,；;。！!？?：:]")
# Which N things are asked (which three kinds of awareness, 哪三种本领): a list of that many, of one kind.
_ASKS_N_THINGS = re.compile(r"\b(?:which|what)\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\b|哪(\d+|[二三四五六七八九十两]+)", re.I)
_ENGLISH_COUNTS = {word: n for n, word in enumerate("two three four five six seven eight nine ten".split(), start=2)}
# An article's opening date says when its occasion took place, not when it ended (a report given at a session
# does not date the session's close).
_ENDING = re.compile(r"闭幕|闭会|结业|结束|落幕|截止|\b(?:clos(?:e|ed|es|ing)|end(?:s|ed)?|conclud\w*|finish\w*)\b", re.I)
# A size the counted things are over or under (亿元以上, 5000万元以上的): part of what is counted.
_THRESHOLD = re.compile(r"((?:\d[\d.]*)?[十百千万亿]*元以[上下])的?")
_ALL_OF = "…"  # joins the parts of a counted thing that need not stand together: 国家级…平台
_QUOTED_REST = re.compile(r"([^“”，。；]{1,8})”")  # the rest of a quoted name after its count: “两个|维护”
# A counter after an amount, and what may stand between it and the thing it counts (100个左右一流学科, “四个短板”).
_COUNTER_AFTER = re.compile(rf"[万亿千]*[{_ASKED_COUNTERS}](?:左右|多|余)?[{_QUOTES}]?")
_ENDED = "结束"  # what a date is asked of when an English question asks when something closed or ended
# Words for an occasion taking place: a date asked of one (哪天召开) is given by a sentence with any of them
# (全会于1月9日至10日在北京举行, 于1月9日开幕, 政治局1月31日下午就…进行第二次集体学习), and so is one asked as 开
# (哪天开的). An ending is not among them.
_HELD = re.compile(r"召开|举行|举办|开幕|开班|开会|进行|出席")
_ASKS_WHEN_HELD = re.compile(r"(?:是|在|于)*(?:哪一?天|什么时候|何时|几号|几月几日|哪一?年)")
# A passage that opens on a span of years (五年来, 过去五年, 十年来), and a question that asks of one itself.
_SPAN_OPENING = re.compile(r"(?:过去)?(?:[二三四五六七八九十两]+|\d{1,2})年(?:来|以来|间|中)?[，,]")
_ASKS_SPAN = re.compile(r"年来|以来|年均|平均|累计|(?<![\d〇零])(?:[二三四五六七八九十两]+|\d{1,2})年(?!\d)"
                        r"|\b(?:years|average|annual(?:ly)?|since|cumulative|total|in all)\b", re.I)
_SPAN_VALUE = re.compile(r"年均|累计|平均每年")
_ASKS_AVERAGE = re.compile(r"年均|平均每年|每年平均|\baverage annual\b|\bannual average\b", re.I)
_LEVEL_REACHED = re.compile(r"(?:达到|达|增至|增加到|提高到|提升到|突破|为)$")
_KIND_ZH = {"year": "年份", "date": "日期", "amount": "数量"}
# A phrase an English question quotes is a name, not a unit asked: What does Hao Peng say the 'last kilometre' … is?
_ENGLISH_QUOTED = re.compile(r"(?<![A-Za-z])['‘][^'’]+['’](?![A-Za-z])|\"[^\"]+\"|“[^”]*[A-Za-z][^”]*”")
# An English "how much" asked of money (cost, invested, earn, funding) asks a sum in yuan, as 多少钱 does; not by
# how much something grew or rose, which a percentage answers.
_ENGLISH_ASKS_MONEY = re.compile(
    r"(?<!\bby )\bhow much\b(?!.*\b(?:grow|grew|grown|rise|rose|risen|increase|increased|fall|fell|drop|dropped|decline|declined)\b)"
    r".*\b(?:money|cost|costs|spend|spent|spending|earn|earns|earned|paid|pay|budget|budgeted|invest|invested|investing|investment|"
    r"funding|funds?|worth)\b", re.I)
_ENGLISH_UNITS = {"yuan": "元", "dollar": "美元", "us dollar": "美元", "kilometre": "公里", "kilometer": "公里", "tonne": "吨", "hectare": "亩", "people": "人", "person": "人", "time": "次"}
# Who or what an English date question asks of, when it is named (capitalised) right after the asking words: when
# did the Politburo hold …, when did Xi Jinping speak …, when did the 14th Liaoning People's Congress close.
_CAPITALISED = re.compile(r"(?:[A-Z0-9][\w'-]*\s+)*[A-Z0-9][\w'-]*")
_ENGLISH_DATED = re.compile(rf"(?i:{_ENGLISH_ASKS_DATE}(?:the\s+)?)({_CAPITALISED.pattern})")
# … and when will they be held: "they" is what the question named before, with capitals (Liaoning's 14th Provincial Games).
_ENGLISH_DATED_PRONOUN = re.compile(rf"(?i:{_ENGLISH_ASKS_DATE}(?:they|it)\b)")
_TITLE = re.compile(r"《([^《》]+)》")
# A question asking for a saying, a slogan or a maxim (What saying did Hao Peng use …, 有个说法是怎么讲的): the text
# quotes its answer (牢固树立“抓好党建是本职、不抓党建是失职、抓不好党建是不称职”的意识).
_ASKS_SAYING = re.compile(
    r"\b(?:sayings?|maxims?|mottos?|slogans?|quotes?|quoted|phrases?|catchphrases?|formulas?|expressions?|adages?|proverbs?"
    r"|dictums?|watchwords?)\b|哪句话|什么话|说法|口号|提法|名言|俗话|警句",
    re.I,
)
_QUOTED_PHRASE = re.compile(r"“([^”]{4,80})”")


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str  # why not, in Chinese and English, as the reader is told ("" when answerable)


def asks_saying(question: str) -> bool:
    """Whether the question asks for a saying, a slogan or a maxim, which the text gives in quotation marks."""
    return bool(_ASKS_SAYING.search(question))


def long_words(weights: dict[str, float]) -> set[str]:
    """The question's words as the judge weighs them (an English word's translations, each set joined with ANY_OF)
    of two characters or more: 年, 党 or 治 alone stands in too many lists and quotations."""
    return {word for term in weights for word in term.split(ANY_OF) if len(word) > 1}


def quotes_any(text: str, words: Iterable[str]) -> bool:
    """Whether the text quotes a phrase (“…”, 4 to 80 characters) that holds one of the words."""
    quoted = _QUOTED_PHRASE.findall(text)
    return any(word in phrase for phrase in quoted for word in words)


def asked_kind(question: str) -> str | None:
    """"year", "date", "duration" or "amount" when the question asks for one (naming a unit counts); None otherwise."""
    if _ENDS_ASKING_YES_OR_NO.search(question):
        question = _SOME.sub("", question)  # 光背几个新名词行不行: a few new terms, no count asked
    kind = next((kind for kind, pattern in _ASKS.items() if pattern.search(question)), None)
    if kind == "amount" and _asks_which_of_count(question):
        return None
    return kind or ("amount" if _asked_unit(question) else None)


def _asks_which_of_count(question: str) -> bool:
    """Whether the question goes on from its count to ask which they are (前面几个“进”具体是进哪些地方; 后面还跟着几个
    “练”，一共是哪几种): a list asked (rule 5), no amount; the text may list them without counting."""
    match = _ASKS["amount"].search(question)
    return bool(_ASKS_LIST.search(question, match.end()))


def asked_about(question: str, kind: str | None, tokenizer: KeywordTokenizer) -> str | None:
    """What the asked value is asked of, a word the answering sentence must hold.

    A year or a date: the event, the first keyword after the asking words in their clause (哪天闭幕的 -> 闭幕;
    哪一年制定出台的 -> 制定). An amount: the thing counted, the last noun of the phrase after the asking words
    (几位市委书记作了述职 -> 市委书记), with the distinguishing words before it and the noun right before it (多少家
    国家级工业互联网平台 -> 国家级…互联网…平台, 多少个5G基站 -> 5g…基站, 多少个亿元以上项目 -> 亿元以上…项目: each part
    must stand in the sentence), or,
    when a unit ends the clause, the last
    keyword before it (人均可支配收入是多少元 -> 收入). None when the question names nothing there (是在哪一天？,
    增长了多少？).
    """
    if kind == "amount":
        return _counted_thing(question, tokenizer)
    match = _ASKS[kind].search(question) if kind in ("year", "date") else None
    if not match:
        return None
    end = _CLAUSE_END.search(question, match.end())
    # Not a place the event was at (哪天在省人大会议上作的报告: the report is dated, not the congress).
    asked = _PLACE_PHRASE.sub("", question[match.end(): end.start() if end else len(question)].lstrip("、 "), count=1)
    # Not what asks a second thing (哪天、在哪次会议上作的: 哪次 asks which meeting; the report is dated).
    words = [w for w in tokenizer.tokenize(asked) if w not in _COVERBS and not _ASKING_WORD.match(w)]
    return words[0] if words else None


def _counted_thing(question: str, tokenizer: KeywordTokenizer) -> str | None:
    match = _ASKS_COUNT.search(question)
    if not match:
        return None
    asked_end = match.end()
    if match.group().startswith("多少") and _glued(question, match.start() + 2, asked_end, tokenizer):
        asked_end = match.start() + 2  # 多少人才: 人 opens the thing counted
    begin, end = _clause_around(question, match.start(), asked_end)
    thing, level, kinds = None, [], []
    threshold = _THRESHOLD.match(question, asked_end, end)
    if threshold:  # 多少个亿元以上项目: a count of projects of 亿元以上, which must stand beside the count too
        level.append(threshold.group(1))
        asked_end = threshold.end()
    after = tokenizer.word_classes(re.sub(f"[{_QUOTES}]", "", question[asked_end:end]))
    for i, (word, kind) in enumerate(after):
        # The noun phrase ends at its first other word (作了述职), or before a verb jieba lists as a noun (方面总结了).
        if kind == "other" or not WORD_CHAR.search(word) or (i + 1 < len(after) and after[i + 1][0] in _ASPECT):
            break
        if kind == "noun":
            # The nouns right before it say which kind of thing, one of them beside the amount (76家专精特新企业 is no
            # count of 高新技术企业), unless a level read says so already: 927个高频刚需事项 counts 高频政务事项.
            kinds = [*kinds, thing] if i and after[i - 1][1] == "noun" and thing not in _COUNT_WORDS else []
            thing = word
        elif kind == "distinguishing" and not thing:
            level.append(word)  # 国家级 of 国家级工业互联网平台: 省级 ones are not what is counted
    if after and thing in _MEASURES and not kinds and not level:
        # 营造林多大面积, 多少数量: the word after the asking words says which measure; the thing is named before them.
        return _nouns_before(question[begin:match.start()], tokenizer, linked=False)
    if after:
        thing = _ASPECTS.get(thing, thing)  # 从几个角度: the text's 从3个方面 counts them too
        kind_of = None if level else ANY_OF.join(kinds)
        return _ALL_OF.join([*level, *filter(None, [kind_of]), thing]) if thing else None
    if _ASKS_SIZE.fullmatch(match.group()):
        return _nouns_before(question[begin:match.start()], tokenizer, linked=False)
    if question[match.start():asked_end] == "多少":
        # A bare 多少 ending the clause may be a rate or a total of anything before it; after a change (增长了多少), it
        # asks of the nouns before that change; after 是, 为 or 有, of the measure or the count the nouns before it
        # name (辽宁的森林覆盖率是多少 -> 森林…覆盖率, 5G基站有多少 -> 5g…基站).
        grown = _GROWTH_ASKED.search(question, begin, match.start())
        if grown:  # 社会消费品零售总额比上年增长了多少 -> 消费品…零售: what grew, not anything said before
            nouns = (_nouns_before(question[begin:grown.start()], tokenizer, linked=False) or "").split(_ALL_OF)
            # Not a place (the place rule reads it), nor an abbreviation the text spells out (GDP: 地区生产总值); an
            # everyday name is also read as the statistic the documents name (经济总量: 地区生产总值).
            named = [ANY_OF.join((w, *everyday_terms().get(w, ()))) for w in nouns if w and has_han(w) and not place_of(w)]
            return _ALL_OF.join(named) or None
        return _nouns_before(question[begin:match.start()], tokenizer, linked=True)
    # The thing before the asking words (收入是多少元), not a number or a year there (是2017年的几倍), nor a word
    # that only says a count is meant (科技型中小企业数量是…几倍: the text says 科技型中小企业是2017年的6倍).
    # Nor the verb that 到 or 至 follows (私营企业发展到了多少户 -> 私营企业: the text says 私营企业达到109.4万户).
    # Nor a verb an aspect particle follows (低保标准每月提到了多少钱 -> 标准).
    # Nor a bound (最少要保多少亩: 最少), nor a modal and a verb jieba's guesser joined (要保).
    words = tokenizer.words(_NUMBER_OR_DATE.sub("", question[begin:match.start()]))
    before = [
        w for i, w in enumerate(words)
        if is_content_word(w) and not _LINKING.fullmatch(w) and not _only_says_count(w) and not _WHEN_SAID.fullmatch(w)
        and words[i + 1:i + 2] not in (["到"], ["至"]) and not (words[i + 1:i + 2] and words[i + 1] in _ASPECT)
        and w not in _BOUNDS and not (w.startswith(_MODALS) and not tokenizer.in_dictionary(w))
        and not (i and words[i - 1] in _MODALS)  # 最少要保住多少万亩: 保住 is what is to be done, not what is measured
    ]
    return before[-1] if before else None


def _nouns_before(clause: str, tokenizer: KeywordTokenizer, linked: bool) -> str | None:
    """The last two nouns before the asking words, which name what is measured (森林…覆盖率); with `linked`, only
    when 是, 为 or 有 stands between (增长了多少 may ask a rate of anything said before)."""
    before = tokenizer.word_classes(clause)
    if before and before[-1][0] in ("是", "为", "有"):
        before = before[:-1]
    elif linked:
        return None
    while before and (_LINKING.fullmatch(before[-1][0]) or _WHEN_SAID.fullmatch(before[-1][0])):
        before = before[:-1]  # 税负一共有多少: 一共 says it is a total, not of what
    named = [wc for wc in before if not _only_says_count(wc[0])]
    nouns = list(itertools.takewhile(lambda wc: wc[1] == "noun", reversed(named)))[:2]
    return _ALL_OF.join(w for w, _ in reversed(nouns)) or None


def _as_written(words: str, question: str) -> str:
    """Words read from the question (lower case: 5g…基站) as the reader wrote them (5G…基站)."""
    return re.sub(r"[a-z][a-z0-9]*|[0-9]+[a-z][a-z0-9]*", lambda m: _written_form(m.group(), question), words)


def _written_form(word: str, question: str) -> str:
    found = re.search(re.escape(word), question, re.I)
    return found.group() if found else word


def _glued(question: str, start: int, end: int, tokenizer: KeywordTokenizer | None) -> bool:
    """Whether question[start:end] (a unit after 多少) is the start of a longer dictionary word in jieba's cut of the
    question: 多少人才 asks for talents and 多少项目 for projects, not for people or items; 多少个市 asks for a count
    of cities (jieba's guesser joins 个市, a word its dictionary does not list)."""
    if tokenizer is None:
        return False
    at = 0
    for word in tokenizer.words(question):
        if at == start:
            return at + len(word) > end and tokenizer.in_dictionary(word)
        at += len(word)
    return False


def asked_holder_of(question: str, tokenizer: KeywordTokenizer | None) -> str | None:
    """The post a question asks the holder of: the word ending the phrase right before 是谁, when it names a post
    (中央第二督导组组长是谁 -> 组长, 副省长是谁 -> 副省长), or the first post of the noun phrase after 谁是 / 哪位
    (哪位政治局常委主持的 -> 常委). None when the person is asked of anything else (谁代表省委常委班子: 常委 is not
    what the person is)."""
    if tokenizer is None:
        return None
    for match in _ASKS_HOLDER_AFTER.finditer(question):
        begin, _ = _clause_around(question, *match.span())
        words = [w for w in tokenizer.words(question[begin:match.start()]) if w.strip()]
        while words and words[-1] in _EACH:  # 14位市委书记分别是谁
            words.pop()
        if words and _ends_with_post(words[-1]):
            return words[-1]
    for match in _ASKS_HOLDER_BEFORE.finditer(question):
        _, end = _clause_around(question, *match.span())
        for word, kind in tokenizer.word_classes(question[match.end():end]):
            if _ends_with_post(word):
                return word
            if kind == "other":
                break
    return None


def english_heads_asked(question: str) -> tuple[str, ...]:
    """The posts of whoever leads what an English question asks who led or heads, by its head noun (the Central
    Second Supervision Group -> 组长 团长 队长); () when it asks no such thing or names nothing _HEAD_POSTS knows."""
    match = _ENGLISH_ASKS_HEAD.search(question)
    if not match:
        return ()
    # The first noun _HEAD_POSTS knows: English puts the head first and what follows describes it (the central
    # lecture team sent around the country; the publicity department of the provincial Party committee).
    led = re.findall(r"[a-z]+", _AFTER_LED.split(match.group("led"), maxsplit=1)[0].lower())
    for noun in led:
        posts = _HEAD_POSTS.get(noun) or _HEAD_POSTS.get(noun[:-1] if noun.endswith("s") else "")
        if posts:
            return posts
    return ()


def _posts_asked(question: str, chinese: bool, tokenizer: KeywordTokenizer | None) -> tuple[str, ...]:
    """The posts whose holder the question asks for (rule 6): of a Chinese question, asked_holder_of's; of an
    English one, english_heads_asked's. () without a tokenizer, which finds the names."""
    if tokenizer is None:
        return ()
    if chinese:
        holder_of = asked_holder_of(_squashed(question), tokenizer)
        return (holder_of,) if holder_of else ()
    return english_heads_asked(question)


def _ends_with_post(word: str) -> bool:
    return any(word.endswith(post.group()) for post in _POST.finditer(word))


def _names_holder(text: str, post: str, tokenizer: KeywordTokenizer) -> bool:
    """A name right after the post, or after the further posts of the same person (常委李强; 厅长兼省委教育工委书记
    王庆东; 总书记、国家主席、中央军委主席习近平), or before 任/担任 and the post in one clause (李希同志任…书记)."""
    for match in re.finditer(re.escape(post), text):
        begin, end = _clause_around(text, *match.span())
        after = match.end()
        while text.startswith(("兼", "、"), after):  # one person's further posts: the name follows the last one
            further = _POST.search(text, after, end)
            if not further:
                break
            after = further.end()
        words = tokenizer.words(text[after:end][:8])
        if words and tokenizer.may_be_name(words[0]):
            return True
        took = _TAKES_POST.search(text, begin, match.start())
        before = tokenizer.words(text[begin:took.start()]) if took else []
        if before and tokenizer.may_be_name(before[-1]):
            return True
    return False


def dateline(passage: Passage, tokenize: Callable[[str], Iterable[str]]) -> Sentence | None:
    """The opening sentence of the article the passage opens, when it gives a date, with the keyword tokens of
    the article's title: a date line ("(2022年10月25日)") or a report's lead ("习近平9日上午在…发表重要讲话")
    dates the occasion the title names. None for any other passage."""
    opening = next(iter(split_sentences(passage.text)), "") if passage.position == 0 else ""
    return Sentence(opening, frozenset(tokenize(passage.article))) if _VALUE["date"].search(opening) else None


def named_above(passage: Passage) -> str:
    """What the reader sees above the passage that can name who holds a post: its article's title and byline
    (省委书记郝鹏在…的讲话; 省长 李乐成), each closed as a sentence. Rule 6 reads it before the passage's text."""
    return f"{passage.article}。{passage.byline}。"


def section_years(passage: Passage) -> frozenset[str]:
    """The years the passage's section heading names: 三、2023年重点工作 speaks of 2023 (a work report's plans),
    一、2022年和过去五年工作 of 2022; also as the article says them (今年, 去年, 明年) when it is dated (Passage.year).
    Empty when the heading names none, or there is no heading."""
    named = _NAMED_YEAR.findall(passage.section)
    said = [_YEAR_SAID.get(int(year) - int(passage.year)) for year in named] if passage.year else []
    return frozenset(named) | {word for word in said if word}


def judge(
    question: str, passages: list[tuple[Sentence, ...]], weights: dict[str, float], any_keyword: bool, chinese: bool,
    tokenizer: KeywordTokenizer | None = None, datelines: Iterable[Sentence | None] = (),
    years: Sequence[frozenset[str]] = (), above: Sequence[str] = (), lexicon: Lexicon | None = None,
    homes: Sequence[str | None] = (),
) -> Verdict:
    """Whether the passages (best first, as sentences) can answer the question.

    weights: the question's keyword weights; tokenizer: the keyword index's, which finds the question's words
    (what a value is asked about, the names, phrases and posts of rules 4 to 6); without it those rules are skipped.
    datelines: for each passage that opens its article with a date, that opening (rag.answerable.dateline);
    None for the others. Read only when a year or a date is asked and no sentence gives it. years: for each passage, its section_years (rule 2 reads no value of a
    passage whose heading names other years than the question). above: for each passage, what is shown above it
    (named_above): rule 1 also finds a named number there, rule 6 a holder. lexicon: the collection's English words,
    by which an English question's date is asked of what it names. homes: for each passage, its article's home place (rule 2 reads a
    value asked of another city or province only from a sentence that names it); none given, the place rule is skipped.
    """
    if chinese and not any_keyword:
        return Verdict(False, "问题中的词语在资料中都没有出现。(No word of the question occurs in the collection.)")
    joined = "".join(s.text for sentences in passages for s in sentences)
    named = [n.replace(",", "") for n in _NAMED_NUMBER.findall(question) if not _YEAR.fullmatch(n)]
    # What is shown above the passages (title, byline) names things too: a numbered occasion (二次全会) may be named
    # only by the title of its passages (…二十届中央纪委二次全会上…), a post's holder by the byline (rule 6).
    shown_above = "".join(above)
    headed = shown_above + joined
    missing = [n for n in named if not any(form in headed for form in number_forms(n))]
    # A title the question names (《领导干部学习参考》): a document's or a book's name is written whole. The passages
    # are squashed only when a rule reads them so (about 0.2 ms a search).
    titles = _TITLE.findall(question)
    squashed = _squashed(joined) if titles else None
    missing += [f"《{t}》" for t in titles if not _names_title(t, squashed)]
    if missing:
        named_zh = "、".join(f"“{n}”" for n in missing)
        return Verdict(False, f"问题中的{named_zh}在最相关的段落中都没有出现。(The question names {', '.join(missing)}, which no passage contains.)")
    kind, about, unit = _asked(question, chinese, tokenizer, lexicon)
    if kind == "duration":
        kind = None  # it only orders the passages: a span is also said in ways no pattern reads (从…到…, 为期)
    of_years = _of_asked_years(question, passages, years) if kind else passages
    of_places = _of_asked_places(question, of_years, homes, tokenizer, lexicon) if kind else of_years
    if kind and not (
        _holds_value(question, kind, about, of_places, weights, _min_share(chinese), unit, tokenizer, keywords_counted=not chinese)
        or _dated_by_dateline(question, kind, about, datelines, weights, chinese)
    ):
        shown = _as_written(about, question).replace(ANY_OF, "/") if about else ""
        of_about, of_about_zh = (f" of {shown}", f"“{shown}”的") if about else ("", "")
        # Passages set aside for speaking of another year: say which year the value was asked for.
        asked_years = sorted(_asked_years(question)) if of_years != passages else []
        year = "、".join(asked_years)
        year_zh = "、".join(y + "年" if y.isdigit() else y for y in asked_years)
        # Passages set aside (or sentences) for not naming the city or province asked of: say which.
        if of_places != of_years:
            places = asked_places(question, tokenizer, lexicon)
            year, year_zh = " and ".join(filter(None, [year, *places])), "".join([year_zh, *places])
        for_year, for_year_zh = (f" for {year}", year_zh + ("" if about else "的")) if year else ("", "")
        return Verdict(False, f"最相关的段落中没有一句在问题的关键词旁给出{for_year_zh}{of_about_zh}{_KIND_ZH[kind]}。"
                              f"(No sentence gives {'an' if kind == 'amount' else 'a'} {kind}{of_about}{for_year} next to the question's keywords.)")
    city_share = MIN_SHARE if chinese else MIN_SHARE_CITY_TRANSLATED
    if tokenizer and _ASKS_CITY.search(question) and not _names_other_place(question, of_years, weights, city_share, tokenizer, lexicon):
        return Verdict(False, "问题问的是哪座城市，最相关的段落中没有一句在问题的关键词旁给出问题之外的城市。"
                              "(The question asks which city, and no sentence names one, besides the question's, next to its keywords.)")
    if _ASKS_VENUE.search(question) and not any(
        _HELD_AT.search(s.text) and share(s, weights) >= _min_share(chinese) for sentences in passages for s in sentences
    ):
        return Verdict(False, "问题问的是在哪里举行，最相关的段落中没有一句在问题的关键词旁说在何处举行。"
                              "(The question asks where something was held, and no sentence next to its keywords says where.)")
    heads = () if chinese else _posts_asked(question, False, tokenizer)
    if heads:
        shown = _squashed(shown_above) + (squashed if squashed is not None else _squashed(joined))
        if not any(_names_holder(shown, post, tokenizer) for post in heads):
            posts = "/".join(heads)
            return Verdict(False, f"问题问的是谁领导所问的机构，最相关的段落没有在“{posts}”旁给出人名。"
                                  f"(The question asks who leads what it names, and no passage gives a name beside {posts}.)")
    if not (chinese and tokenizer):
        return Verdict(True, "")
    asked = _squashed(question)
    asks_post, asks_list = _ASKS_POST.search(asked), _ASKS_LIST.search(asked)
    asks_items = asks_list or _ASKS_ITEMS.search(asked)  # 这12个方面具体都是什么: the items of a counted term
    holder_of = asked_holder_of(asked, tokenizer)
    # Who chaired or lectured (由谁主持, 谁作讲解): a name in the clause before that verb, in a passage or above it.
    doing = asked_doing(asked, tokenizer) if not (kind or asks_post or holder_of) else None
    if doing in _ROLE_VERBS and not any(
        _names_doer(text, doing, tokenizer) for text in (shown_above, *(s.text for sentences in passages for s in sentences))
    ):
        return Verdict(False, f"问题问的是谁{doing}，最相关的段落没有在“{doing}”前给出人名。"
                              f"(The question asks who did {doing}, and no passage names anyone before it.)")
    if not (asks_post or asks_items or holder_of):
        return Verdict(True, "")
    text = squashed if squashed is not None else _squashed(joined)  # the passages as the question's phrases are looked up in
    if asks_post and not _gives_post(asked, text):
        return Verdict(False, "问题问的是职务，最相关的段落没有在问题中的人名旁给出另外的职务。"
                              "(The question asks for a post, and no passage gives one beside the question's names.)")
    if holder_of and not _names_holder(_squashed(shown_above) + text, holder_of, tokenizer):
        return Verdict(False, f"问题问的是谁担任“{holder_of}”，最相关的段落没有在这一职务旁给出人名。"
                              f"(The question asks who is {holder_of}, and no passage gives a name beside that post.)")
    if asks_items:
        begin, end = _clause_around(asked, *asks_items.span())
        subject = None if not asks_list or _ASKS_OTHERS.search(asked) else _subject_named_as_item(asked[begin:end], text, tokenizer)
        if subject:
            return Verdict(False, f"段落只把“{subject}”作为并列项之一提到，没有列出它包括什么。"
                                  f"(The passages name {subject} only as one item of a list, not what it includes.)")
        each = [_squashed("".join(s.text for s in sentences)) for sentences in passages]
        if begin and all(_LIST_LINKING.fullmatch(w) for w in tokenizer.words(asked[begin:asks_items.start()])):
            begin = _clause_around(asked, begin - 1, begin - 1)[0]  # 22个重点产业集群，具体是哪22个: the clause before
        term = _counted_term_unlisted(asked[begin:asks_items.start()], each, tokenizer, asked[:begin])
        if term:
            return Verdict(False, f"段落提到了“{term}”，但没有列出它包括哪些。"
                                  f"(The passages name {term}, but do not list what it includes.)")
    return Verdict(True, "")


def _names_other_place(
    question: str, passages: list[tuple[Sentence, ...]], weights: dict[str, float], min_share: float,
    tokenizer: KeywordTokenizer, lexicon: Lexicon | None,
) -> bool:
    """Whether a sentence names a city other than the question's, beside min_share of its keyword weight: 盘锦获评国际
    湿地城市 answers 辽宁哪座城市获评国际湿地城市; 成功举办第九届中国—中亚合作论坛 names none, nor does a province (辽宁省
    第十四届人民代表大会 says nothing of where 省第十四届运动会 is held; 北京, a city, may answer)."""
    named = set(asked_places(question, tokenizer, lexicon)) | _PROVINCES
    # 城市 of 哪个城市 asks, it says nothing of the answer: 建设锦州区域中心城市 does not hold the question's word.
    weights = {term: weight for term, weight in weights.items() if not set(term.split(ANY_OF)) & set(_CITY_WORDS)}
    return any(
        set(tokenizer.places(sentence.text)) - named and share(sentence, weights) >= min_share
        for sentences in passages for sentence in sentences
    )


def _counted_term_unlisted(asked: str, passages: list[str], tokenizer: KeywordTokenizer, before: str = "") -> str | None:
    """A counted term the question names right before asking for its items (“七个有之”具体包括哪些, 八个方面的工作
    任务有哪些; not “四种形态”要实现哪几种效果), when the passages write it but list its items nowhere: not before it in
    its clause (推翻帝国主义、封建主义、官僚资本主义三座大山), not after it (…：A、B、C), not as numbered points that
    follow it (第一，…), and not as items that end with its own last word anywhere (党的纪律检查体制改革、国家监察体制
    改革、纪检监察机构改革 for “三项改革”). asked: the question's clause up to its asking words; passages: each
    passage's text, squashed (points that follow the term must follow it in its own passage). before: the question
    before that clause, where a count the clause gives alone (这10件分别是什么) names what it counts (10件民生实事)."""
    text = "\n".join(passages)

    def written(words: str, start: int, end: int, forms: set[str]) -> int:
        """Where the term that words[start:end] opens ends: as far as the passages write it on."""
        while end < len(words) and words[end] not in _QUOTES and any(f + words[start:end + 1] in text for f in forms):
            end += 1
        return end

    for match in _COUNTED.finditer(asked):
        numeral = match.group(1) or match.group(2)  # 五大安全; not 二十大 or 十八大, a congress
        count = numeral_value(numeral)
        forms = {numeral, *number_forms(str(count))}  # 三个万亿级产业基地 is also written 3个
        start = match.start() + len(numeral)
        end = written(asked, start, match.end(), forms)
        tail = asked[start:end]
        if len(tail) < 2 and all(_LIST_LINKING.fullmatch(w) for w in tokenizer.words(asked[end:])):
            counter = len(match.group()) - len(numeral)
            for earlier in re.finditer(re.escape(match.group()), before):
                opens = earlier.start() + len(numeral)
                named = before[opens:written(before, opens, earlier.end(), forms)]
                # The counter and its nouns, two at most (10件民生实事全部完成: jieba tags 全部 a noun).
                nouns = itertools.takewhile(lambda wc: wc[1] in ("noun", "distinguishing"), tokenizer.word_classes(named[counter:]))
                tail = max(tail, named[:counter] + "".join(word for word, _ in list(nouns)[:2]), key=len)
        terms = [f + tail for f in forms if f + tail in text]
        if count < 2 or not terms or (len(tail) < 2 and tail != "方面"):
            continue
        between = tokenizer.word_classes(re.sub(f"[{_QUOTES}]", "", asked[end:]))
        if any(kind == "other" and not _LIST_LINKING.fullmatch(word) for word, kind in between):
            continue  # what is asked is something the term does (要实现哪几种效果)
        head = re.escape(tail[-2:])
        if re.search(rf"[^、，。；：\n]*{head}(?:、[^、，。；：\n]*{head}){{{max(1, min(count, 3) - 1)},}}", text):
            continue
        if any(_lists_at(passage, m.start(), m.end(), count)
               for passage in passages for term in terms for m in re.finditer(re.escape(term), passage)):
            continue
        return terms[0]
    return None


def _lists_at(text: str, start: int, end: int, count: int) -> bool:
    """Whether the items of the term at text[start:end] stand right before it in its clause (all of them, or some
    and 等), after it (：, 即, 包括 and a 、-list), or as numbered points that follow its sentence (第一，…)."""
    begin, _ = _clause_around(text, start, end)
    items = text[begin:start].split("、")
    # The count's items, or some of them and 等 (新能源汽车、生物医药、节能环保等10个…产业集群).
    if len(items) >= 2 and (abs(len(items) - count) <= 1 or items[-1].endswith("等")) and not any(q in text[begin:start] for q in _QUOTES):
        return True
    after = text[end:].lstrip(_QUOTES)
    if re.match(r"[，,]?(?:即|就是|是指|包括|分别是|：|:)[^。；]*、", after):
        return True
    sentence_end = re.search(r"[。；！？]", text[end:])
    following = text[end + sentence_end.end():end + sentence_end.end() + 6] if sentence_end else ""
    return bool(re.match(r"(?:第一|一是|（一）|\(一\)|首先|1\.)", following))


@functools.lru_cache(maxsize=8)  # the search asks it (how many passages to order), then answer_tiers
def orders_by_doer(question: str, chinese: bool, tokenizer: KeywordTokenizer | None, lexicon: Lexicon | None = None) -> bool:
    """Whether answer_tiers orders the passages by who did what the question asks (谁主持…): a Chinese question that
    asks for no value and no post's holder, and does ask who did something, or an English one asking who chaired
    (presided over, hosted). The one test of that, for both."""
    if not chinese:
        return bool(tokenizer and _ENGLISH_ASKS_CHAIR.search(question))
    return (not _asked(question, chinese, tokenizer, lexicon)[0] and not asked_holder_of(_squashed(question), tokenizer)
            and asked_doing(_squashed(question), tokenizer) is not None)


def answer_tiers(
    question: str, passages: list[tuple[Sentence, ...]], weights: dict[str, float], chinese: bool,
    tokenizer: KeywordTokenizer | None = None, years: Sequence[frozenset[str]] = (), above: Sequence[str] = (),
    datelines: Sequence[Sentence | None] = (), lexicon: Lexicon | None = None, homes: Sequence[str | None] = (),
) -> list[tuple[int, str]]:
    """How well each passage (as sentences) gives the kind of answer the question asks for, and the sentence
    that gives it ("" when none does), to be emphasised. By rule 2's test: 2 when a sentence gives a value of the
    asked kind in the unit the best answer carries (几位 -> 14位, 占比 -> 37.4%), or when the passage opens an
    article whose date line (datelines, as judge reads them) dates the occasion asked of; 1 when it gives such a
    value, 0 otherwise. Of a question asking who holds a post, by rule 6's: 1 when the passage, or what is shown above it
    (above, as judge reads it), puts a name beside that post. All (0, "") when the question asks for none of
    these. lexicon, homes: as judge reads them."""
    if orders_by_doer(question, chinese, tokenizer, lexicon):
        return _doer_tiers(question, passages, weights, tokenizer)
    kind, about, unit = _asked(question, chinese, tokenizer, lexicon)
    if not kind:
        posts = _posts_asked(question, chinese, tokenizer)
        if not posts:
            return _listing_tiers(question, passages, weights)
        heads = list(above) or [""] * len(passages)
        tiers = []
        for head, sentences in zip(heads, passages):
            naming = [s for s in sentences if any(_names_holder(_squashed(s.text), post, tokenizer) for post in posts)]
            shown = _squashed(head + "".join(s.text for s in sentences))
            named = naming or any(_names_holder(shown, post, tokenizer) for post in posts)
            tiers.append((int(bool(named)), _most_telling(naming, weights)))
        return tiers
    counter = _ASKED_COUNTER.search(question)
    best_unit = counter.group(1) if counter else ("%" if _ASKS_SHARE.search(question) else None)
    min_share = _min_share(chinese)
    tiers = []
    lines = list(datelines) + [None] * (len(passages) - len(datelines))
    of_years = _of_asked_years(question, passages, years)
    for sentences, line in zip(_of_asked_places(question, of_years, homes, tokenizer, lexicon), lines):
        if line and _dated_by_dateline(question, kind, about, [line], weights, chinese):
            tiers.append((2, line.text))
            continue
        of_span = bool(sentences and _SPAN_OPENING.match(sentences[0].text))  # read sentence by sentence: say the passage's opening
        giving = [s for s in sentences if _holds_value(question, kind, about, [(s,)], weights, min_share, unit, tokenizer, not chinese, of_span)]
        exact = [s for s in giving if best_unit and _holds_value(question, kind, about, [(s,)], weights, min_share, best_unit, tokenizer, not chinese, of_span)]
        tiers.append((2 if exact else int(bool(giving)), _most_telling(exact or giving, weights)))
    return tiers


def _listing_tiers(question: str, passages: list[tuple[Sentence, ...]], weights: dict[str, float]) -> list[tuple[int, str]]:
    """Of a question asking which N things (which three kinds of awareness, 哪三种本领): 1 for a passage with a
    clause that lists N things named by a word of the question (法治意识、程序意识、证据意识: 意识), 0 otherwise.
    All (0, "") for any other question."""
    asked = _ASKS_N_THINGS.search(question)
    number = asked and (asked.group(1) or asked.group(2))
    count = number and (_ENGLISH_COUNTS.get(number.lower()) or numeral_value(number))
    if not count:
        return [(0, "")] * len(passages)
    words = long_words(weights)
    tiers = []
    for sentences in passages:
        listing = [s for s in sentences if any(_lists(clause, count, words) for clause in _CLAUSE.split(s.text))]
        tiers.append((int(bool(listing)), _most_telling(listing, weights)))
    return tiers


def _lists(clause: str, count: int, words: set[str]) -> bool:
    """The clause is a list of `count` items (、) that each end with one of the words; the last item may run on
    (政商关系清清爽爽)."""
    items = clause.split("、")
    return len(items) == count and any(all(item.endswith(word) for item in items[:-1]) and word in items[-1] for word in words)


def _doer_tiers(
    question: str, passages: list[tuple[Sentence, ...]], weights: dict[str, float], tokenizer: KeywordTokenizer | None,
) -> list[tuple[int, str]]:
    """Of a question asking who did something (谁主持, 是谁代表…作对照检查): 1 for a passage with a sentence that
    puts a name in the clause before that verb (郝鹏代表省委常委班子进行对照检查), 0 otherwise. Only for a question
    orders_by_doer says asks it."""
    verb = "主持" if _ENGLISH_ASKS_CHAIR.search(question) else asked_doing(_squashed(question), tokenizer)
    tiers = []
    for sentences in passages:
        naming = [s for s in sentences if _names_doer(s.text, verb, tokenizer)]
        tiers.append((int(bool(naming)), _most_telling(naming, weights)))
    return tiers


def asked_doing(question: str, tokenizer: KeywordTokenizer | None) -> str | None:
    """What a person is asked to have done: the first keyword after 谁 / 哪位 in its clause, a place before it
    (在…上) aside (谁代表督导组讲了意见 -> 代表; 谁在全会上发表讲话 -> 发表), or the first keyword of a clause that
    ends in 的是谁 (主持开班式的是谁 -> 主持). None for 谁是 (a post's holder, rule 6)."""
    match = _ASKS_DOER.search(question) if tokenizer else None
    if not match or question.startswith("是", match.end()):
        return None
    begin, end = _clause_around(question, *match.span())
    words = tokenizer.words(question[match.end():end])
    if not any(is_content_word(w) for w in words) and question.endswith("的是", begin, match.start() + 1):
        words = tokenizer.words(question[begin:match.start()])
    words = [w for w in _after_place(words) if is_content_word(w)]
    return words[0] if words else None


def _after_place(words: list[str]) -> list[str]:
    """The words after a place that opens them (在全会上发表讲话, 民主生活会上代表…): the place is no verb."""
    close = next((i for i, w in enumerate(words) if w in _PLACE_ENDS), None)
    if close is not None and (words[0] == "在" or close <= 2):
        return words[close + 1:]
    return words


def _names_doer(text: str, verb: str, tokenizer: KeywordTokenizer) -> bool:
    """A name (as rule 6 reads one) in the clause before the verb: 崔亚飞同志代表督导组, 习近平9日上午在…发表."""
    for match in re.finditer(re.escape(verb), text):
        begin, _ = _clause_around(text, *match.span())
        if any(tokenizer.may_be_name(w) for w in tokenizer.words(text[begin:match.start()])):
            return True
    return False


def _most_telling(sentences: list[Sentence], weights: dict[str, float]) -> str:
    """Of the sentences that answer, the one with most of the question's keyword weight ("" when none does)."""
    return max(sentences, key=lambda s: share(s, weights)).text if sentences else ""


@functools.lru_cache(maxsize=8)  # judge and answer_tiers both read it, for the same question of one search
def _asked(
    question: str, chinese: bool, tokenizer: KeywordTokenizer | None, lexicon: Lexicon | None = None,
) -> tuple[str | None, str | None, str | None]:
    """The kind of value asked (rule 2), what it is asked of and the unit the value must carry. What it is asked
    of is read from a Chinese question; of an English one, an ending (when did … close: the date a session opened
    does not say when it closed), else who or what a date is asked of, by its name's translations (lexicon)."""
    kind = asked_kind(question)
    unit = _asked_unit(question, tokenizer) if kind == "amount" else None
    if chinese:
        return kind, asked_about(question, kind, tokenizer) if tokenizer else None, unit
    if kind not in ("year", "date"):
        return kind, None, unit
    return kind, _ENDED if _ENDING.search(question) else english_dated(question, lexicon), unit


def english_dated(question: str, lexicon: Lexicon | None) -> str | None:
    """Who or what an English question asks a date of, when it names it with capitals right after the asking
    words, as the collection's words for the name's last word (or a phrase ending with it), any of which the
    answering sentence must hold: when did the Politburo hold … -> 政治局; when did Xi Jinping speak -> 习近平. The
    Liaoning Standing Committee's 1月31日 does not date the Politburo's meeting. Asked of "they" or "it", it is asked
    of the last name the question gave before (Which city will host Liaoning's 14th Provincial Games, and when will
    they be held? -> 运动会)."""
    if not lexicon:
        return None
    match = _ENGLISH_DATED.search(question)
    if match:
        if match.group(1).endswith("'s"):  # Liaoning's education work conference: asked of what follows
            return None
        translated = lexicon.translate(match.group(1))
        return ANY_OF.join(translated[-1]) if translated else None
    pronoun = _ENGLISH_DATED_PRONOUN.search(question)
    named = [lexicon.translate(m.group()) for m in _CAPITALISED.finditer(question, 0, pronoun.start())] if pronoun else []
    named = [translated for translated in named if translated]
    return ANY_OF.join(named[-1][-1]) if named else None


def _of_asked_years(
    question: str, passages: list[tuple[Sentence, ...]], years: Sequence[frozenset[str]],
) -> list[tuple[Sentence, ...]]:
    """The passages, those whose section heading names years other than the question's emptied: a report's
    三、2023年重点工作 (粮食播种面积不低于5303万亩) gives no figure of 2022, nor of 去年. A heading of an undated
    article (no 今年 to say its years as) is not read against a 今年 asked."""
    asked = _asked_years(question)
    if not asked:
        return passages

    def of_other_years(heading: frozenset[str]) -> bool:
        comparable = any(y.isdigit() for y in asked) or any(not y.isdigit() for y in heading)
        return bool(heading) and comparable and not heading & asked

    return [() if i < len(years) and of_other_years(years[i]) else sentences for i, sentences in enumerate(passages)]


@functools.lru_cache(maxsize=8)  # the search asks it (whether to read home places), then answer_tiers and judge
def asked_places(question: str, tokenizer: KeywordTokenizer, lexicon: Lexicon | None = None) -> tuple[str, ...]:
    """The cities and provinces a question names (锦州, 辽宁省 -> 辽宁), each once, in its order; of an English
    question, those its capitalised names translate to (Shenyang's -> 沈阳), given the collection's lexicon."""
    if lexicon is not None and not has_han(question):
        return tuple(dict.fromkeys(place for words in lexicon.named_words(question) for place in map(place_of, words) if place))
    return tuple(dict.fromkeys(tokenizer.places(question)))


def _of_asked_places(
    question: str, passages: list[tuple[Sentence, ...]], homes: Sequence[str | None], tokenizer: KeywordTokenizer | None,
    lexicon: Lexicon | None = None,
) -> list[tuple[Sentence, ...]]:
    """The passages, each with only its sentences that name the cities and provinces the question asks of, other
    than its article's home place (Index.home_place): 全省…增长5%以上 gives no figure of 锦州. Unchanged without homes."""
    asked = set(asked_places(question, tokenizer, lexicon)) if tokenizer and homes else set()
    if not asked:
        return passages
    kept = []
    for i, sentences in enumerate(passages):
        other = asked - {homes[i] if i < len(homes) else None}
        kept.append(tuple(s for s in sentences if all(place in s.text for place in other)))
    return kept


@functools.lru_cache(maxsize=8)  # rule 2 reads it for each sentence of the best passages (answer_tiers)
def _asked_years(question: str) -> frozenset[str]:
    """The years a question asks of: named (2022年, in 2022) or as the documents say them (今年, last year)."""
    said = (word.lower() for word in _ASKED_YEAR_SAID.findall(question))
    return frozenset(_NAMED_YEAR.findall(question)) | {_ENGLISH_YEAR_SAID.get(word, word) for word in said}


def _names_title(title: str, squashed: str) -> bool:
    """Whether the passages (squashed) name a title the question gives in 《》: whole, or shortened as a reader
    shortens one, dropping characters but keeping their order (《党员教育管理条例》 for the text's 《中国共产党党员教育
    管理工作条例》). 《领导干部学习参考》, whose words stand apart in the passages, is not named."""
    short = _squashed(title)
    return short in squashed or any(_is_subsequence(short, named) for named in _TITLE.findall(squashed))


def _is_subsequence(short: str, text: str) -> bool:
    rest = iter(text)
    return all(char in rest for char in short)  # each `in` consumes rest up to the character found


def _squashed(text: str) -> str:
    """The text as rules 4 to 6 read it and the question's phrases are looked up in: normalized, no whitespace."""
    return re.sub(r"\s+", "", normalize(text))


def _min_share(chinese: bool) -> float:
    return MIN_SHARE if chinese else MIN_SHARE_TRANSLATED


def _gives_post(question: str, text: str) -> bool:
    """A post the question does not give (to that name), right before a name the question uses (省委书记郝鹏, or any
    name of a 、-list after it: 常委赵乐际、王沪宁), or after one of its names and 任 (郝鹏曾任…主任). Names are compared as
    two characters: jieba may glue a name it does not know to the next character (郝鹏任 in a question)."""
    for match in _POST.finditer(text):
        if text[max(0, match.start() - 2): match.end()] in question:
            continue  # the post the question already names (省委书记): not an answer
        begin, end = _clause_around(text, *match.span())
        # The names the post stands before: one, or a 、-list of them (政治局常委赵乐际、王沪宁、蔡奇), which ends
        # at the first item longer than a name (李希出席…; 总书记关于东北、辽宁振兴… is no list of names).
        for item in text[match.end():end].split("、"):
            # Not the post the question already gives that name (李乐成出任辽宁省省长之前…: 省长 李乐成).
            if len(item) >= 2 and item[:2] in question and match.group() not in question and not item.startswith(_NOT_NAMES):
                return True
            if len(item) > 3:
                break
        clause = text[begin:match.start()]
        took = _TAKES_POST.search(clause)
        if took and took.start() >= 2 and clause[took.start() - 2: took.start()] in question:
            return True
    return False


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause that holds text[start:end] begins and ends (the punctuation around it)."""
    begin = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    after = _CLAUSE.search(text, end)
    return begin, after.start() if after else len(text)


def _subject_named_as_item(question: str, text: str, tokenizer: KeywordTokenizer) -> str | None:
    """The list's subject, when every time the passages write it, it is one item of a 、-separated list.

    The subject is the question's phrase the passages write least often (the longest, among as rare ones); when
    several tie, each must be named only as an item. Its last words (four characters or more) count as the
    subject too: 中国式现代化的中国特色 is also written 5个方面的中国特色, outside a list.
    """
    # A phrase the question itself writes as a list (提高…规范化、法治化水平) is what it says, not what it asks to list.
    phrases = [p for p in _phrases_in(tokenizer.words(_ASKS_LIST.sub("，", question)), text) if "、" not in p]
    if not phrases:
        return None
    rarity = {p: (text.count("".join(p)), -len("".join(p))) for p in phrases}
    subjects = [p for p in phrases if rarity[p] == min(rarity.values())]
    return "".join(subjects[0]) if all(_only_as_item(words, text, _said_of(words, question, text, tokenizer)) for words in subjects) else None


def _said_of(subject: tuple[str, ...], question: str, text: str, tokenizer: KeywordTokenizer) -> list[str]:
    """What the question says the subject did: of what follows the asking words, the phrases after it (还有哪些领导
    同志出席 -> 出席); of a person before them, the phrases between the name and the asking words (王沪宁出席了哪些
    会议 -> 出席). Nothing of anything else: a thing's name may be followed by more of it (二十届中央第一轮巡视巡视了
    哪些单位: 第一轮、第二轮巡视 is no answer)."""
    asking = _ASKS_LIST.search(question)
    if not asking:
        return []
    tail = _phrases_in(tokenizer.words(question[asking.end():]), text)
    if subject in tail:  # 还有哪些领导同志出席: …领导同志、中央军委委员出席开班式 lists them
        return ["".join(p) for p in tail[tail.index(subject) + 1:]]
    if len(subject) != 1 or not tokenizer.may_be_name(subject[0]):
        return []
    head = _phrases_in(tokenizer.words(question[:asking.start()]), text)
    return ["".join(p) for p in head[head.index(subject) + 1:]] if subject in head else []


def _only_as_item(words: tuple[str, ...], text: str, said: list[str]) -> bool:
    """Whether every time the text writes the words, they are one item of a list, and not of a list that what
    the question says of them follows, in its clause (李强、赵乐际、王沪宁、蔡奇、丁薛祥出席会议 answers
    王沪宁出席了哪些会议; 加快建设…、网络强国、数字中国 does not answer 数字中国建设包括哪些方面)."""
    forms = {"".join(words[i:]) for i in range(len(words)) if i == 0 or len("".join(words[i:])) >= 4}
    return all(
        _is_list_item(text, m.start(), m.end())
        and not (said and all(p in text[m.end():_clause_around(text, *m.span())[1]] for p in said))
        for form in forms for m in re.finditer(re.escape(form), text)
    )


def _phrases_in(words: list[str], text: str) -> list[tuple[str, ...]]:
    """The longest runs of the question's consecutive words that the text writes as they are (stop words and
    punctuation trimmed from their ends; two Chinese characters at least), in the question's order."""
    found: dict[tuple[str, ...], str] = {}  # ordered: the rule's verdict must not depend on a set's order
    for i in range(len(words)):
        run = i
        while run < len(words) and "".join(words[i:run + 1]) in text:
            run += 1
        kept = words[i:run]
        while kept and not is_content_word(kept[0]):
            kept = kept[1:]
        while kept and not is_content_word(kept[-1]):
            kept = kept[:-1]
        if len(re.findall(r"[\u4e00-\u9fff]", "".join(kept))) >= 2:
            found[tuple(kept)] = "".join(kept)
    return [p for p, joined in found.items() if not any(p != other and joined in found[other] for other in found)]


def _is_list_item(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands next to a list's 、 (quotation marks around it aside)."""
    before = text[:start].rstrip(_QUOTES)
    after = text[end:].lstrip(_QUOTES)
    return before.endswith("、") or after.startswith("、")


def _asked_unit(question: str, tokenizer: KeywordTokenizer | None = None) -> str | None:
    """The unit an amount asked must carry (多少亿元, how many yuan); none when it opens a longer word of the
    question (多少人才: jieba's cut, where a tokenizer is given)."""
    unquoted = _ENGLISH_QUOTED.sub(" ", question)
    match = _ASKED_UNIT.search(unquoted)
    if not match:
        return "元" if _ENGLISH_ASKS_MONEY.search(unquoted) else None
    if match.group(1):
        first = _ASKS_COUNT.search(question)
        if _glued(question, *match.span(1), tokenizer) or (first and first.start() != match.start()):
            return None  # 多少人才; 税负有多少，惠及了多少户市场主体: the unit is the second amount's, not the first's
        return "元" if match.group(1) == "钱" else match.group(1)  # 多少钱 asks for a sum of money: 727元
    word = match.group(2).lower().rstrip("s")
    return _ENGLISH_UNITS.get(word)


def _holds_value(
    question: str, kind: str, about: str | None, passages: list[tuple[Sentence, ...]], weights: dict[str, float], min_share: float,
    unit: str | None = None, tokenizer: KeywordTokenizer | None = None, keywords_counted: bool = False,
    opens_span: bool = False,
) -> bool:
    """Whether a sentence gives a value of the asked kind (one the question doesn't give; with `unit`, if any)
    beside a share of the question's keyword weight of at least min_share, and the word it is asked about
    (asked_about), if any: an amount, in the clause that says what it counts (_amount_of). With keywords_counted
    (an English question, whose counted thing is not read), an amount in a quoted name must count
    one of the question's keywords: “两个维护” gives no number of problems. Not an amount that names what it counts
    otherwise: 100个左右一流学科 for universities would be caught, but the dictionary misses too many words (927个
    高频刚需事项 for government services). opens_span: the passages open on a span of years (五年来，…), which a caller
    reading a passage sentence by sentence says (answer_tiers); the first sentence of each passage says it otherwise."""
    value = _ANY_TIME if kind == "date" and _ASKS_ANY_TIME.search(question) else _VALUE[kind]
    given = set(value.findall(question))  # whole values: 3万套 answers a question that names 2023年
    no_ordinal = kind == "amount" and not _ASKS_ORDINAL.search(question)
    no_percentage = kind == "amount" and _ENGLISH_HOW_MANY.search(question) and not _ASKS_SHARE.search(question)
    keywords = ANY_OF.join(weights) if keywords_counted else ""  # any of them is what a quoted count must count
    occasion = _occasion_asked(question, about, weights, tokenizer) if kind in ("year", "date") else {}
    # Of one year asked (2022年, in 2022), not a value over several: 年均增长3.2%, 累计…; nor, in a passage that opens
    # on a span (五年来，…), one that is not the level reached at its end (新建改造老旧管网2.1万公里 is five years'
    # work; 私营企业达到109.4万户 is the level of its last year). Unless the question asks of a span itself.
    one_year_asked = kind == "amount" and len(_asked_years(question)) == 1
    of_one_year = one_year_asked and not _ASKS_SPAN.search(question)
    # An average over years asked (年均, 平均每年, average annual): a value said as one (年均增长3.9%), not one year's 2.1%.
    # Not of one year asked: 2022年PM2.5年均浓度 is that year's mean.
    of_average = kind == "amount" and not one_year_asked and _ASKS_AVERAGE.search(question)
    for sentences in passages:
        of_span = opens_span or bool(of_one_year and sentences and _SPAN_OPENING.match(sentences[0].text))
        for sentence in sentences:
            if about and not _mentions(sentence.text, about):
                continue
            if occasion and _held_share(sentence, occasion) < MIN_SHARE_OCCASION:
                continue
            values = [m for m in value.finditer(sentence.text) if m.group() not in given]
            if no_ordinal:
                values = [m for m in values if not m.group().startswith("第")]
            if kind == "amount" and about:
                values = [m for m in values if _amount_of(about, sentence.text, m.start(), m.end(), tokenizer)]
            elif kind == "amount" and keywords_counted:
                values = [m for m in values if not _counts_other(keywords, sentence.text, m.start(), m.end(), tokenizer, quoted_only=True)]
            if of_one_year:
                values = [m for m in values if _of_one_year(sentence.text, m.start(), m.end(), of_span)]
            if of_average:
                values = [m for m in values if _SPAN_VALUE.search(sentence.text, *_clause_around(sentence.text, m.start(), m.end()))]
            values = [m.group() for m in values]
            if no_percentage:  # how many companies: 19.7% (their growth) is no count of them
                values = [v for v in values if not v.endswith("%")]
            if unit:
                values = [v for v in values if _followed_by_unit(sentence.text, v, unit)]
            if values and share(sentence, weights) >= min_share:
                return True
    return False


def _of_one_year(text: str, start: int, end: int, of_span: bool) -> bool:
    """Whether the value text[start:end] may be one year's: not in a clause that says it is over several (年均, 累计),
    and, in a passage that opens on a span of years, the level reached at its end (达到109.4万户)."""
    begin, stop = _clause_around(text, start, end)
    if _SPAN_VALUE.search(text, begin, stop):
        return False
    return not of_span or bool(_LEVEL_REACHED.search(text[begin:start].rstrip()))


def _occasion_asked(question: str, about: str | None, weights: dict[str, float], tokenizer: KeywordTokenizer | None) -> dict[str, float]:
    """Of a Chinese question asking when a meeting was held (about: 召开, 举行 …), the words that name the meeting,
    those before the asking words, and their weights (with the other forms of its abbreviations the question's
    weights hold: 中央纪委, 中央纪律检查委员会). Empty for any other question (an English one has no such asking words)."""
    if not (about and _HELD.fullmatch(about) and tokenizer):
        return {}
    named = _naming_words(question, tokenizer)
    return {word: weight for word, weight in weights.items() if word in named}


@functools.lru_cache(maxsize=8)  # answer_tiers reads it for each sentence of the best passages
def _naming_words(question: str, tokenizer: KeywordTokenizer) -> frozenset[str]:
    """The words of the question before its asking words (哪天, 什么时候 …), and the other forms of their abbreviations."""
    asking = _ASKS_WHEN_HELD.search(question)
    named = set(tokenizer.question_tokens(question[:asking.start()])) if asking else set()
    return frozenset(named | {other for word in named for other in abbreviations().get(word, ())})


def _held_share(sentence: Sentence, words: dict[str, float]) -> float:
    """The share of the words' weight that the sentence or what it is said within (its article's title) holds, a
    word also by another form of its abbreviation (中央纪委 by 中央纪律检查委员会). Unlike evidence.share, the title
    counts whole whatever the sentence holds of its own: under it, 今天的会议 is the meeting it names."""
    said = sentence.tokens | sentence.context
    total = sum(words.values())
    held = sum(weight for word, weight in words.items() if word in said or not said.isdisjoint(abbreviations().get(word, ())))
    return held / total if total > 0 else 1.0


def _amount_of(about: str, text: str, start: int, end: int, tokenizer: KeywordTokenizer | None) -> bool:
    """Whether the amount text[start:end] is said of the thing asked about: its clause names it, or it continues,
    with no subject of its own, a clause that does (私营企业达到109.4万户，是2017年的1.6倍; 增长19.7%). In 5G基站、
    工业互联网等新基建全面铺开，…数字经济占比达37.4%, the 37.4% is no count of base stations."""
    if _counts_other(about, text, start, end, tokenizer):
        return False
    begin, stop = _clause_around(text, start, end)
    while not _mentions(text[begin:stop], about):
        words = tokenizer.word_classes(text[begin:stop]) if tokenizer else []
        first = next((word_class for word, word_class in words if WORD_CHAR.search(word)), None)
        if begin == 0 or first != "other":  # a clause that opens with a noun has its own subject
            return False
        begin, stop = _clause_around(text, begin - 1, begin - 1)
    return True


def _counts_other(about: str, text: str, start: int, end: int, tokenizer: KeywordTokenizer | None, quoted_only: bool = False) -> bool:
    """Whether the amount at text[start:end] names what it counts right after its counter (the nouns up to its
    first other word; a quoted name whole: “两个维护”), and that is not the thing asked about: “四个短板” and
    1791个贫困村 are no count of 基层党组织 or of 贫困县; 10个战略性新兴产业集群 is one of 新兴产业…集群."""
    counter = _COUNTER_AFTER.match(text, end)
    if not counter or not tokenizer:
        return False
    quoted = _QUOTED_REST.match(text, counter.end()) if text[start - 1:start] == "“" else None
    if quoted:
        counted = quoted.group(1)
    elif quoted_only:
        return False
    else:
        clause_end = _CLAUSE.search(text, counter.end())
        words = tokenizer.word_classes(text[counter.end():clause_end.start() if clause_end else len(text)])
        named = list(itertools.takewhile(lambda wc: wc[1] != "other" and WORD_CHAR.search(wc[0]), words))
        if not any(kind == "noun" for _, kind in named):
            return False
        counted = "".join(word for word, _ in named)
    return not any(part in counted for alternatives in about.split(_ALL_OF) for part in alternatives.split(ANY_OF))


def _mentions(text: str, about: str) -> bool:
    """Whether a sentence names what a value is asked of (each part of 国家级…平台); an ending asked (闭幕, 结束)
    is named by any word for one, or by the span of days a meeting was held over (全会于2023年1月9日至10日在北京举行:
    it closed on the 10th)."""
    if _ENDING.fullmatch(about) and (_ENDING.search(text) or (_SPAN_OF_DAYS.search(text) and _HELD.search(text))):
        return True
    if (_HELD.fullmatch(about) or about == "开") and _HELD.search(text):
        return True
    text = normalize(text)
    # A level is also named without 级 (国家级…企业: 国家专精特新“小巨人”企业); a one-character one (省级) is not.
    return all(
        any(word in text or (word.endswith("级") and len(word) > 2 and word[:-1] in text) for word in part.split(ANY_OF))
        for part in about.split(_ALL_OF)
    )


def _dated_by_dateline(
    question: str, kind: str, about: str | None, datelines: Iterable[Sentence | None], weights: dict[str, float],
    chinese: bool,
) -> bool:
    """A year or a date asked of the occasion an article's title names, given by the article's opening sentence."""
    # The ending asked of: the event read from a Chinese question, else anywhere in it (闭幕会是哪天, when did … close).
    if kind not in ("year", "date") or _ENDING.search(about or question):
        return False
    min_share = MIN_SHARE_DATELINE * (1 if chinese else MIN_SHARE_TRANSLATED / MIN_SHARE)
    lines = [d for d in datelines if d]
    if about and not chinese:  # who or what an English question dates (english_dated): in the title or the line
        lines = [d for d in lines if _mentions(d.text, about) or d.tokens & set(about.split(ANY_OF))]
    return _holds_value(question, kind, None, [tuple(lines)], weights, min_share)


def _followed_by_unit(sentence: str, value: str, unit: str) -> bool:
    # 142.4亿元 answers 多少亿元, and so do 万亿元 or 万元 amounts: the currency (or measure) must match.
    # 个 is the counter of anything: 76家 answers 多少个企业.
    # 人 counts people however they are counted: 1000名 and 14位 answer 多少人.
    base = _ANY_COUNTER if unit == "个" else _PEOPLE if unit.lstrip("万") == "人" else re.escape(unit.lstrip("万亿千"))
    return re.search(re.escape(value.rstrip("%")) + rf"\s*[万亿千]*(?:{base})", sentence) is not None
