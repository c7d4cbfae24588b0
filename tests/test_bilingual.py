"""English questions: CC-CEDICT translations limited to the collection's words, names by pinyin."""

import hashlib

from rag.bilingual import LEXICON_VERSION, Lexicon
from rag.text import shipped_data

VOCABULARY = [
    "辽宁", "郝鹏", "习近平", "农村", "公路", "农村公路", "纪律", "粮食", "产量", "党员", "社区", "衣服", "文化遗产", "生产总值",
    "振兴", "学习", "主持",
]


def test_a_name_is_spelled_as_the_dictionary_spells_that_word():
    # 大 alone is read dai4 (大夫) as often as da4: the entry 大连 [Da4 lian2] says how the city is spelled.
    lexicon = Lexicon.build(["大连", "大夫", "郝鹏"])
    assert lexicon.named_words("Which port of Dalian did Hao Peng visit?") == [["大连"], ["郝鹏"]]


def test_words_names_and_phrases_translate_to_the_collections_words(tmp_path):
    lexicon = Lexicon.build(VOCABULARY)
    found = lexicon.translate("What did Hao Peng see written on the clothes of community Party members in Liaoning?")
    flat = {w for choices in found for w in choices}
    assert {"郝鹏", "辽宁", "衣服", "社区", "党员"} <= flat
    assert ["文化遗产"] in lexicon.translate("Which site will become World Cultural Heritage?")
    assert ["习近平"] in lexicon.translate("What did Xi Jinping say about discipline?")
    # A name beside other capitalised words (a place's facilities, an opening question word) is still found.
    assert ["辽宁"] in lexicon.translate("Did Liaoning Standing Committee members meet?")
    assert ["郝鹏"] in lexicon.translate("What did Secretary Hao Peng say?")
    # Only words of the collection come out: the dictionary's other translations are dropped.
    assert flat <= set(VOCABULARY)
    lexicon.save(tmp_path)
    assert Lexicon.load(tmp_path).translate("rural roads") == lexicon.translate("rural roads")


def test_question_words_and_unknown_words_give_nothing():
    assert Lexicon.build(VOCABULARY).translate("What, when, how many, xyzzy?") == []


def test_acronyms_hyphenated_words_phrasal_verbs_and_nouns_of_defined_verbs_translate():
    lexicon = Lexicon.build(VOCABULARY)
    assert ["生产总值"] in lexicon.translate("What was the GDP in 2022?")  # gross domestic production (GDP)
    assert ["振兴"] in lexicon.translate("the revitalization of Liaoning")  # 振兴: to revitalize
    assert ["学习"] in lexicon.translate("his first group-study speech")  # group, study: 学习 (to study)
    assert ["主持"] in lexicon.translate("Who presided over the meeting?")  # a phrasal verb: to preside over



def test_accents_and_possessives_do_not_hide_a_word():
    lexicon = Lexicon({"communique": ["公报"], "congress": ["二十大"], "message": ["精神"]})
    assert lexicon.translate("What does the communiqué say?") == [["公报"]]
    assert lexicon.translate("the congress's message") == lexicon.translate("the congress\u2019s message") == [["二十大"], ["精神"]]


def test_a_word_takes_the_entries_of_each_of_its_forms_and_a_plural_stop_word_is_one():
    lexicon = Lexicon({"results": ["业绩"], "result": ["成果", "结果"], "kinds": ["多种"], "awareness": ["意识"]})
    assert lexicon.translate("research results") == [["业绩", "成果", "结果"]]  # not the plural's entry alone
    assert lexicon.translate("three kinds of awareness") == [["意识"]]  # kinds, as kind, asks nothing
    assert Lexicon({"revitalize": ["振兴"]}).translate("revitalization") == [["振兴"]]
    assert Lexicon({"unify": ["统一"]}).translate("unified leadership") == [["统一"]]  # -ied: -y
    # Irregular past forms by their verbs: when was it held, who led it, where did he speak.
    irregular = Lexicon({"hold": ["举行"], "lead": ["领导"], "speak": ["讲话"]})
    assert irregular.translate("When was the plenum held?") == [["举行"]]
    assert irregular.translate("Who led the group?") == [["领导"]] and irregular.translate("Where has he spoken?") == [["讲话"]]


def test_the_shipped_terms_of_policy_documents_translate_as_the_documents_write_them():
    lexicon = Lexicon.build(VOCABULARY + ["就业", "岗位", "民主生活会", "基层", "减税"])
    # CC-CEDICT gives 就业 only as "to get a job; employment": a question's jobs would find 岗位 alone.
    assert {"就业", "岗位"} <= set(lexicon.translate("How many new jobs were created?")[-1])
    assert ["民主生活会"] in lexicon.translate("When was the democratic life meeting held?")
    assert ["基层"] in lexicon.translate("grassroots Party organizations")
    assert lexicon.translate("How much tax relief was given?") == lexicon.translate("tax cuts") == [["减税"]]
    # The dictionary's two modifiers in the other order: 年均 is defined as "annual average".
    assert Lexicon({"annual average": ["年均"]}).translate("average annual growth") == [["年均"]]
    assert Lexicon({"tax cut": ["减税"]}).translate("cut in taxes") == [["减税"]]  # the first word inflected
    # Not a phrasal verb's particle and the verb after it: "lay out work" is no "work out".
    assert Lexicon({"work out": ["健身"], "work": ["工作"]}).translate("lay out work plans") == [["工作"]]
    assert ["中央纪委", "中央纪律检查委员会"] in Lexicon.build(VOCABULARY + ["中央纪委", "中央纪律检查委员会"]).translate("the CCDI plenary")
    # The words this material uses for a chair, a Party congress, plans laid out (CC-CEDICT has none of them so).
    terms = Lexicon.build(VOCABULARY + ["二十大", "党代会", "部署", "开班式"])
    assert ["主持"] in terms.translate("Who chaired it?") and ["部署"] in terms.translate("lay out")
    # Plans set out in areas: the documents' 从12个方面…作出部署 (CC-CEDICT's area is land, its set out a departure).
    assert ["部署"] in terms.translate("set out work plans")
    assert Lexicon.build(VOCABULARY + ["外资"]).translate("actual use of foreign capital")[-1] == ["外资"]
    assert "方面" in Lexicon.build(VOCABULARY + ["方面", "领域"]).translate("in how many areas")[-1]
    assert ["二十大", "党代会"] in terms.translate("the Party Congress report") and ["开班式"] in terms.translate("opening ceremony")
    abbreviated = Lexicon.build(VOCABULARY + ["十四五", "中小企业", "科技"])
    assert ["十四五"] in abbreviated.translate("the 14th Five-Year Plan")
    # SMEs and tech as the documents write them; "-based" says nothing (本着, 根据).
    assert abbreviated.translate("tech-based SMEs") == [["科技"], ["中小企业"]]
    # Plain English for the material's terms: a plenum is a 全会, rental homes are 租赁 住房, sitting in is 列席.
    plain = Lexicon.build(VOCABULARY + ["全会", "租赁", "住房", "列席", "低保"])
    assert plain.translate("the January plenum") == [["全会"]] and ["列席"] in plain.translate("sat in as non-voting attendees")
    assert [["租赁"], ["住房"]] == plain.translate("rental homes")[-2:] and ["低保"] in plain.translate("subsistence allowance")
    # First-class and world-class are 一流, sectors 领域 行业 产业, a meeting's format its 形式 (CC-CEDICT: 业态).
    ranked = Lexicon.build(VOCABULARY + ["一流", "学科", "领域", "行业", "产业", "形式", "民营经济", "大商所"])
    assert ["一流"] in ranked.translate("first-class disciplines") and ["一流"] in ranked.translate("a world-class exchange")
    assert ["产业", "行业", "领域"] in ranked.translate("new sectors") and ["形式"] in ranked.translate("in what format")
    assert ["民营经济"] in ranked.translate("the private economy") and ["大商所"] in ranked.translate("Dalian Commodity Exchange")
    # Words CC-CEDICT defines only as another form (to consume: 消费) or spells the American way (kilometer).
    plain = Lexicon.build(VOCABULARY + ["消费", "公里", "职业", "最后一公里"])
    assert ["消费"] in plain.translate("consumption centres") and ["公里"] in plain.translate("kilometres")
    assert ["职业"] in plain.translate("vocational schools") and ["最后一公里"] in plain.translate("the last mile")
    # Words the questions use that no entry translated: old residential communities are 小区, trillion-yuan 万亿.
    counted = Lexicon.build(VOCABULARY + ["小区", "万亿", "非公", "最大"])
    assert ["小区"] in counted.translate("old residential communities") and ["万亿"] in counted.translate("trillion-yuan bases")
    assert ["非公"] in counted.translate("non-public enterprises") and ["最大"] in counted.translate("the greatest achievement")
    # Words no entry translated: impostors are 骗子, a crackdown 打击, disciplinary sanctions 处分, an asset 资产.
    enforced = Lexicon.build(VOCABULARY + ["骗子", "打击", "处分", "党纪", "资产"])
    assert enforced.translate("a crackdown on impostors") == [["打击"], ["骗子"]]
    assert ["处分"] in enforced.translate("disciplinary sanctions") and ["资产"] in enforced.translate("fixed-asset investment")
    # A meeting held by video is a 电视电话会议 (jieba: 电视 电话 会议); a mu of farmland is counted in 万亩.
    held = Lexicon.build(VOCABULARY + ["电视", "电话", "万亩"])
    assert ["电视", "电话"] in held.translate("held by video link") and ["万亩"] in held.translate("how many mu")
    # A watchdog is 纪委 监督 监察, influence for personal gain 谋私, houses not for speculation 房住不炒.
    watched = Lexicon.build(VOCABULARY + ["纪委", "监督", "谋私", "住房", "房住不炒", "低保"])
    assert ["监督", "纪委"] in watched.translate("the discipline watchdog") and ["谋私"] in watched.translate("for personal gain")
    assert ["房住不炒"] in watched.translate("not for speculation") and ["低保"] in watched.translate("minimum-income payments")
    # High-tech enterprises are 高新技术企业; officials who ruffle feathers 怕得罪人; a walled-off market 壁垒.
    plain = Lexicon.build(VOCABULARY + ["高新技术", "高技术", "怕得罪人", "撑腰", "壁垒"])
    assert ["高技术", "高新技术"] in plain.translate("certified high-tech enterprises")
    assert [["撑腰"], ["怕得罪人"]] == [w for w in plain.translate("stand behind officials who ruffle feathers") if w != ["干部"]]
    assert ["壁垒"] in plain.translate("economies walled off from the rest")
    # before is 先 here (CC-CEDICT's "as before" made it 依然); a debriefing is a 述职, one's proper duty 本职.
    dutiful = Lexicon.build(VOCABULARY + ["先", "依然", "述职", "本职"])
    assert ["先"] in dutiful.translate("what must come before governing") and ["依然"] not in dutiful.translate("before")
    assert ["述职"] in dutiful.translate("the debriefing reports") and ["本职"] in dutiful.translate("one's proper duty")
    # Only the collection's words take part: 集体学习 is not among them here.
    assert "集体学习" not in {w for choices in lexicon.translate("group study") for w in choices}


def test_a_term_the_collection_never_holds_whole_is_searched_by_its_parts():
    # jieba cuts 民营经济 as 民营 / 经济 and 领导干部 as 领导 / 干部: the terms were dead before, the dictionary's
    # senses (私营 for private) taking their place. Each part is one term of the question now.
    parts = Lexicon.build(VOCABULARY + ["民营", "私营", "经济", "领导", "干部", "宣传", "规模", "工业", "企业"])
    assert parts.translate("the private economy") == [["民营"], ["经济"]]
    assert parts.translate("leading officials") == [["领导"], ["干部"]]
    assert ["宣传"] in parts.translate("the publicity department")
    assert ["规模"] in parts.translate("industrial enterprises above designated size")
    # A term held whole stays one term.
    assert Lexicon.build(VOCABULARY + ["民营经济", "民营", "经济"]).translate("the private economy") == [["民营经济"]]


def test_a_shipped_term_replaces_the_dictionarys_senses_of_its_english():
    # CC-CEDICT also gives 工作 and 做事 for job: they stand in most passages, and a set of alternatives holding them
    # weighs next to nothing (KeywordIndex._alternatives_scores).
    lexicon = Lexicon.build(VOCABULARY + ["就业", "岗位", "工作", "做事", "年"])
    assert lexicon.translate("jobs") == [["就业", "岗位"]]
    # 秊, a variant of 年, is "grain; harvest (old)": the documents' grain is 粮食.
    assert lexicon.translate("grain") == [["粮食"]]


def test_the_dictionarys_senses_hold_no_amounts_no_old_or_slang_uses_and_read_to_make_a_noun_as_the_noun():
    lexicon = Lexicon.build(VOCABULARY + ["分", "同志", "起草", "非常"])
    assert lexicon.translate("in yuan") == []  # 分 is "0.01 yuan (unit of money)", no yuan
    assert lexicon.translate("homosexual") == []  # 同志 "homosexual (slang)"
    assert lexicon.translate("comrades") == [["同志"]]
    assert lexicon.translate("drafting") == [["起草"]]  # 起草 "to make a draft"
    assert lexicon.translate("at the very start") == []  # very: 非常 says nothing of what is asked


def test_an_edit_of_the_shipped_terms_changes_the_lexicon_version():
    # Every index manifest holds the version: an index built with other terms is rebuilt, not searched with them.
    assert LEXICON_VERSION.endswith("-" + hashlib.sha256(shipped_data("english_terms.txt")).hexdigest()[:12])


def test_neighbouring_translations_join_into_the_collections_word():
    # The passages hold 治国 and 治党 as words, never 治 and 国 apart: "governing the country" must find their join.
    vocabulary = ["治", "治理", "国", "国家", "治国", "党", "治党", "看", "看党"]
    lexicon = Lexicon.build(vocabulary)
    question = "What did Xi say about governing the country and governing the Party?"
    assert lexicon.compounds(question, set(vocabulary)) == [["治国"], ["治党"]]
    # Only neighbours with at most an article between them: "see in the Party" is no 看党.
    assert lexicon.compounds("What did Hao Peng see in the Party reports?", set(vocabulary)) == []
    # Two words of two characters or more are words the passages hold already: 国家 治理 is not also 国家治理.
    assert lexicon.compounds("country governance", set(vocabulary) | {"国家治理"}) == []
    # What a passage does not hold is no compound.
    assert lexicon.compounds("governing the country", {"治", "国"}) == []
