"""The best sentence of a passage and the "not found" rule, on hand-written passages."""

from rag.answerable import (
    answer_tiers, asked_about, asked_doing, asked_holder_of, asked_kind, asks_saying, dateline, english_dated, english_heads_asked, judge,
    named_above, orders_by_doer, quotes_any, section_years,
)
from rag.chunking import Passage
from rag.evidence import best_sentence, sentences_of, share
from rag.keywords import ANY_OF, KeywordTokenizer
from rag.text import numeral_value

TOKENIZER = KeywordTokenizer()
TOKENIZE = TOKENIZER.tokenize


def _weights(question):
    return {t: 1.0 for t in TOKENIZE(question)}


def test_the_sentence_holding_the_keywords_together_is_the_evidence():
    passage = "会议总结了过去一年的工作。全年粮食总产量496.9亿斤，创历史新高。会议还部署了今年的任务。"
    evidence = best_sentence(sentences_of(passage, TOKENIZE), _weights("粮食总产量是多少"))
    assert evidence.sentence == "全年粮食总产量496.9亿斤，创历史新高。"
    assert evidence.coverage == 1.0
    assert best_sentence(sentences_of(passage, TOKENIZE), {}).sentence == ""


def test_the_words_of_the_passages_title_count_less_than_what_a_sentence_says():
    title = frozenset(TOKENIZE("省委书记郝鹏在省委常委班子2022年度民主生活会上的讲话"))
    passage = "这次民主生活会是省委常委班子召开的第一次民主生活会。郝鹏强调，要心无旁骛抓发展。"
    weights = _weights("在民主生活会上，郝鹏强调常委班子要怎样抓发展？")
    alone = best_sentence(sentences_of(passage, TOKENIZE), weights)
    assert alone.sentence.startswith("这次民主生活会")  # it repeats the title's words
    evidence = best_sentence(sentences_of(passage, TOKENIZE, context=title), weights)
    assert evidence.sentence == "郝鹏强调，要心无旁骛抓发展。" and evidence.coverage > alone.coverage
    # Nor does a sentence that holds only words the title holds too take the title's other words.
    attending = "省人大常委会党组负责同志等列席。"
    assert best_sentence(sentences_of(attending, TOKENIZE, context=title), weights) == best_sentence(sentences_of(attending, TOKENIZE), weights)
    # A sentence holding none of the question's words is no evidence, whatever the title holds.
    assert best_sentence(sentences_of("会议还部署了今年的任务。", TOKENIZE, context=title), weights) == best_sentence((), weights)


def test_a_set_of_alternatives_is_held_once_by_a_sentence_holding_any_of_them():
    sentence = sentences_of("从大家述职的情况来看，有3个特点。", TOKENIZE)[0]
    terms = {ANY_OF.join(["性质", "特征", "特点", "特色"]): 2.0, "郝鹏": 2.0}
    assert share(sentence, terms) == 0.5
    assert share(sentence, {"性质": 0.5, "特征": 0.5, "特点": 0.5, "特色": 0.5, "郝鹏": 2.0}) == 0.125  # shared out


def test_only_sentences_holding_a_question_word_are_tokenized_and_the_evidence_is_the_same():
    passage = "会议总结了过去一年的工作。全年粮食总产量４９６.９亿斤，创历史新高。会议还部署了今年的任务。"
    weights = _weights("粮食总产量是多少")
    tokenized = []
    sentences = sentences_of(passage, lambda s: tokenized.append(s) or TOKENIZE(s), weights)
    assert tokenized == ["全年粮食总产量４９６.９亿斤，创历史新高。"]
    assert best_sentence(sentences, weights) == best_sentence(sentences_of(passage, TOKENIZE), weights)


def test_what_a_question_asks_for():
    assert asked_kind("中央八项规定是哪一年制定出台的？") == "year"
    assert asked_kind("会议是哪天召开的？") == "date"
    assert asked_kind("改造了多少个老旧小区？") == "amount"
    # 几 asks a count in any counter: 几所高校, 几部作品, 几枚金牌.
    for question in ("辽宁有几所双一流高校？", "有几部作品获奖？", "获得了几枚金牌？", "开工建设了几座机场？"):
        assert asked_kind(question) == "amount", question
    assert asked_kind("What was the GDP in yuan terms?") == "amount"
    assert asked_kind("How fast did China-Europe freight train services grow in 2022?") == "amount"  # a rate
    assert asked_kind("How quickly should officials respond to the public?") is None
    assert asked_kind("What are the three trillion-yuan industrial bases?") is None  # a hyphened modifier asks no yuan
    # A phrase the question quotes is a name: the 'last kilometre' asks no distance (it was wrongly "not found").
    assert asked_kind("What does Hao Peng say the 'last kilometre' of implementing decisions turns out to be?") is None
    assert asked_kind('What is the "last kilometre" in his speech?') is None
    assert asked_kind("How many kilometres of Xi's 'rural roads' are built?") == "amount"
    assert asked_kind("When he visited, what did he see?") is None
    assert asked_kind("郝鹏讲话的日期是？") == "date"
    # A month asked is a date's (the text dates by month and day); 几个月 still asks how long.
    assert asked_kind("第一轮巡视是从几月份开始的？") == asked_kind("In which month was it held?") == "date"
    assert asked_kind("研讨班是哪个月开班的？") == "date" and asked_kind("研讨班办了几个月？") == "duration"
    assert not _judge("第一轮巡视是几月份开始的？", "开展二十届中央第一轮巡视。").answerable
    assert _judge("第一轮巡视是几月份开始的？", "第一轮巡视于2023年3月开始。").answerable
    assert asked_kind("民主生活会开了多长时间？") == asked_kind("开了多久？") == asked_kind("How long did it last?") == "duration"
    assert asked_kind("全会开了多少天？") == "duration"  # not an amount
    assert asked_kind("民主生活会开了几天？") == asked_kind("研讨班办了几个月？") == "duration"
    assert asked_kind("近几年辽宁GDP增长了多少？") == "amount"  # 近几年 names a time, it does not ask one
    assert asked_kind("全面从严治党体系是一个什么样的系统？") is None
    # A size asked of what has one is an amount; how great a meaning or an effort is asks no number.
    assert asked_kind("辽河口国家公园面积有多大？") == asked_kind("沈白高铁有多长？") == asked_kind("示范区有多大面积？") == "amount"
    assert asked_kind("这次改革的意义有多大？") is None
    # A question that ends asking yes or no asks no count with 几, which there means "a few"; 吗 alone may close
    # a count asked (你知道…有几个…吗).
    for question in ("学报告光背几个新名词行不行？", "记住几个概念就可以了吗？", "休息几天够不够？"):
        assert asked_kind(question) is None, question
    assert asked_kind("你知道辽宁有几个实验室吗？") == asked_kind("能不能说说辽宁有几个实验室？") == "amount"
    # English: a date asked as which or what day or date, one or several.
    for question in ("On which dates was the congress held?", "What day did the plenary open?", "Which date was it held on?"):
        assert asked_kind(question) == "date", question


def _judge(question, *passages):
    sentences = [sentences_of(p, TOKENIZE) for p in passages]
    return judge(question, sentences, _weights(question), any_keyword=True, chinese=True, tokenizer=TOKENIZER)


def _judge_english(question, passages, weights, **options):
    """judge() of an English question; weights: the dictionary's translations of its words, as the search gives them."""
    sentences = [sentences_of(p, TOKENIZE) for p in passages]
    return judge(question, sentences, weights, any_keyword=True, chinese=False, tokenizer=TOKENIZER, **options)


def test_an_answer_of_the_asked_kind_next_to_the_keywords_is_found():
    assert _judge("老旧小区改造了多少个？", "过去五年，改造老旧小区3802个，惠及群众百万户。").answerable
    assert _judge("教育工作会议是哪天召开的？", "2月11日，全省教育工作会议在沈阳召开。").answerable


def test_a_city_asked_is_answered_by_a_sentence_naming_another():
    assert not _judge("第九届中国—中亚合作论坛是在辽宁哪座城市举办的？", "成功举办第九届中国—中亚合作论坛。").answerable
    assert _judge("辽宁哪座城市获评了国际湿地城市？", "盘锦获评国际湿地城市。").answerable
    assert not _judge("辽宁哪座城市获评了国际湿地城市？", "辽宁获评国际湿地城市。").answerable  # the question's own
    assert not _judge("点名批评了哪几个市？", "各市委党的建设工作领导小组要切实发挥好作用，点名批评。").answerable
    # A province is no city: 辽宁省第十四届人民代表大会 says nothing of where the provincial games are held; 北京 is a city.
    assert not _judge("省第十四届运动会定在哪座城市举办？", "办好省第十四届运动会。2023年1月12日在辽宁省第十四届人民代表大会上。").answerable
    assert _judge("中央纪委第二次全会在哪座城市举行？", "中央纪委第二次全体会议于1月9日至10日在北京举行。").answerable
    # Of an English question, one common word beside a city (合作, cooperation) is no answer to which city held the forum.
    weights = {"中亚": 3.0, "论坛": 3.0, "合作": 0.5}  # the question's translations, weighted by rarity as the search does
    cooperation = "支持大连科技创新，打造引领东北开放合作新高地。"
    assert not _judge_english("In which city was the China-Central Asia Cooperation Forum held?", [cooperation], weights).answerable
    assert _judge_english("In which city was the China-Central Asia Cooperation Forum held?",
                          [cooperation, "中国—中亚合作论坛在西安举办。"], weights).answerable


def test_an_english_measure_asked_is_an_amount():
    assert asked_kind("What is the total investment in Shenyang Metro Line 4?") == "amount"
    assert asked_kind("What was Shenyang's GDP growth rate in 2022?") == "amount"
    assert asked_kind("What is the role of the Party?") is None


def test_a_rate_word_says_a_value_is_asked_not_of_what():
    # 增幅 is asked of 外资: 实际使用外资增长89.5% answers it.
    assert _judge("2022年辽宁实际利用外资的增幅是多少？", "实际使用外资增长89.5%。").answerable


def test_one_before_a_counter_is_the_article_not_a_count():
    # 一个重要组织基础: "an important foundation", no count of Party organisations.
    assert not _judge("全省共有多少个基层党组织？", "基层党组织是党的一个重要组织基础。").answerable
    assert _judge("全省共有多少个基层党组织？", "全省基层党组织达到十一个。").answerable


def test_an_amount_that_names_another_thing_after_its_counter_is_no_count_of_the_thing_asked():
    # “四个短板” counts shortcomings, not Party organisations, though the clause names them.
    demands = "要推动基层党组织和党员干部深入贯彻落实，切实把补齐“四个短板”等重要要求落实到具体行动上。"
    assert not _judge("全省一共有多少个基层党组织？", demands).answerable
    assert _judge("全省一共有多少个基层党组织？", demands, "全省共有基层党组织8.9万个。").answerable
    villages = "15个省级贫困县、1791个贫困村全部脱贫摘帽。"
    assert _judge("有多少个贫困县脱贫摘帽？", villages).answerable  # 15个省级贫困县: a level, then the thing asked
    assert not _judge("有多少个贫困乡镇脱贫摘帽？", villages).answerable
    # What stands after the counter may be more than the thing asked (10个战略性新兴产业集群 is one of 产业集群).
    assert _judge("辽宁要培育多少个产业集群？", "培育壮大新能源汽车、生物医药等10个战略性新兴产业集群。").answerable
    # Of an English question (its counted thing not read), what a quoted name counts must be one of its keywords.
    weights = {"辽宁": 1.0, "问题": 1.0, "常委": 1.0}  # How many problems did the Liaoning Standing Committee find?
    slogans = "辽宁省委常委班子查摆问题，增强“四个意识”、做到“两个维护”。"
    assert not _judge_english("How many problems did the Liaoning Standing Committee find?", [slogans], weights).answerable
    assert _judge_english("How many problems did the Liaoning Standing Committee find?",
                          [slogans, "辽宁省委常委班子查摆问题12个。"], weights).answerable
    # Unquoted, the thing counted is not read: the dictionary misses too many of the collection's words for it.
    weights = {"辽宁": 1.0, "服务": 1.0, "政府": 1.0}  # How many government services can be handled on a phone?
    services = "辽宁加快数字政府建设，政务服务效率提升，927个高频刚需事项实现“掌上办”。"
    assert _judge_english("How many government services can be handled on a phone in Liaoning?", [services], weights).answerable


def test_a_change_asked_is_asked_of_what_changed():
    asked = "2022年全省社会消费品零售总额比上年增长了多少？"
    assert asked_about(asked, "amount", TOKENIZER) == "消费品…零售总额"
    online = "深入开展促消费活动，实物商品网上零售额增长14.2%。"
    assert not _judge(asked, online).answerable
    assert _judge(asked, online, "社会消费品零售总额增长5%。").answerable
    # An everyday name is also read as the documents' statistic; a place or an abbreviation (GDP) is no part of it.
    assert _judge("过去五年经济总量年均增长多少？", "地区生产总值年均增长3.9%。").answerable
    assert asked_about("辽宁GDP增长了多少？", "amount", TOKENIZER) is None
    assert asked_about("地区生产总值增长了多少？", "amount", TOKENIZER) == "地区…生产总值"


def test_a_target_a_bound_or_a_glued_verb_is_not_what_is_measured():
    # 控制目标 says a target is asked, not of what: the rate named before it is (失业率…控制在5.5%左右).
    asked = "2023年辽宁城镇调查失业率的控制目标是多少？"
    assert asked_about(asked, "amount", TOKENIZER) != "控制目标"
    assert _judge(asked, "城镇调查失业率控制在5.5%左右。").answerable
    # 最少 is a bound and 要保 a modal and a verb jieba's guesser joined: the area is what is measured.
    asked = "今年辽宁粮食播种面积最少要保多少亩？"
    assert asked_about(asked, "amount", TOKENIZER) == "播种面积"
    assert _judge(asked, "粮食播种面积不低于5303万亩。").answerable
    assert asked_about("人均可支配收入是多少元？", "amount", TOKENIZER) == "收入"
    # A verb after a modal (要保住) is what is to be done; 各有 only says each is counted; 面积 after 多大 says which measure.
    assert asked_about("今年粮食播种面积最少要保住多少万亩？", "amount", TOKENIZER) == "播种面积"
    asked = "去年办结的人大代表议案建议和政协提案各有多少件？"
    assert asked_about(asked, "amount", TOKENIZER) == "政协提案"
    assert _judge(asked, "589件人大代表议案建议、532件政协提案全部按期办结。").answerable
    assert asked_about("2023年打算营造林多大面积？", "amount", TOKENIZER) != "面积"
    # 少于 is a bound too; 人数 only says a count is asked, of the people named before it.
    assert asked_about("今年粮食播种面积少于多少万亩？", "amount", TOKENIZER) == "播种面积"
    assert asked_about("述职的市委书记人数是多少？", "amount", TOKENIZER) == "市委书记"
    # The sides a matter is seen from count one for another: 从3个方面 answers 从几个角度.
    asked = "习近平从几个角度讲了意见？"
    assert _judge(asked, "今天，我从3个方面讲些意见。").answerable
    assert not _judge(asked, "今天，我讲3个问题。").answerable


def test_what_a_date_is_asked_of_is_no_second_asking_word():
    # 哪天、在哪次会议上作的: 哪次 asks which meeting, the report is what is dated; 哪年哪月哪日 is one asking span.
    assert asked_about("李乐成省长作的政府工作报告，是哪天、在哪次会议上作的？", "date", TOKENIZER) != "哪次"
    assert asked_kind("讲话落款是哪年哪月哪日？") == "year" and asked_about("讲话落款是哪年哪月哪日？", "year", TOKENIZER) is None
    assert _judge("报告是哪天、在哪次会议上作的？", "2023年1月12日在辽宁省第十四届人民代表大会第一次会议上作报告。").answerable


def test_where_something_was_held_needs_a_sentence_saying_where():
    opened = "研讨班7日上午在中央党校（国家行政学院）开班。"
    assert _judge("研讨班在什么地方开班？", opened).answerable
    studied = "中共中央政治局1月31日下午就加快构建新发展格局进行第二次集体学习。"
    verdict = _judge("政治局第二次集体学习是在什么地方进行的？", studied)
    assert not verdict.answerable and "在哪里" in verdict.reason
    forum = "成功举办第九届中国—中亚合作论坛，对外开放水平不断提升。"
    assert not _judge_english("Where was the ninth China–Central Asia Cooperation Forum held?", [forum], {"论坛": 1.0, "合作": 0.5}).answerable
    # Where a focus lies is no place asked.
    assert _judge("今年在保障群众身体健康方面的重点放在哪里？", "今年保障群众身体健康的重点放在老年人和重症患者。").answerable


def test_a_unit_asked_belongs_to_the_amount_asked_with_it():
    tax = "加大助企纾困力度，减免企业税负超900亿元，惠及市场主体近100万户。"
    # 多少户 asks the second amount: the first (税负有多少) is not held to 户.
    assert _judge("2022年给企业减免的税负有多少，惠及了多少户市场主体？", tax).answerable
    # Dollars are a currency of their own: 亿元 amounts give none.
    investment = "招商引资实际到位资金增长19.2%，实际使用外资增长89.5%，新增外资项目投资30亿元。"
    assert not _judge("2022年辽宁实际使用外资金额是多少亿美元？", investment).answerable
    assert asked_kind("How much foreign investment, in US dollars, did Liaoning use?") == "amount"


def test_no_value_of_the_asked_kind_means_not_found():
    verdict = _judge("中央八项规定是哪一年制定出台的？", "制定实施中央八项规定，是我们党在新时代的徙木立信之举。")
    assert not verdict.answerable and "年份" in verdict.reason and "year" in verdict.reason
    # A value the question itself gives is not an answer, and the unit asked for must match.
    assert not _judge("2023年教育经费预算是多少亿元？", "2023年教育经费要增长，教育投入要加大。").answerable
    assert not _judge("教育经费是多少亿元？", "教育经费投入增长5%，教育质量稳步提升。").answerable
    # The month and day of a date are no amount.
    assert not _judge("出口增长了多少？", "出口工作会议于12月29日召开。").answerable
    assert _judge("出口增长了多少？", "出口工作会议于12月29日召开，全年出口增长12%。").answerable
    # ... but a value is read whole: 3万套 is no part of the 2023 the question names.
    assert _judge("2023年要建设多少保障性租赁住房？", "2023年，建设保障性租赁住房3万套。").answerable


def test_passages_that_give_the_asked_kind_of_value_rank_first_those_with_the_asked_counter_before_them():
    def tiers(question, *passages):
        found = answer_tiers(question, [sentences_of(p, TOKENIZE) for p in passages], _weights(question), chinese=True, tokenizer=TOKENIZER)
        return [tier for tier, _ in found]

    assert tiers(
        "述职会上有几位市委书记发言？",
        "市委书记要把述职发言的问题清单落到实处。",  # the words, no number
        "市委书记述职会议的议程共有3项。",  # a number, not a count of people (a date would be no amount at all)
        "会上，14位市委书记进行了述职发言。",
    ) == [0, 1, 2]
    # A number in a clause with a subject of its own is no amount of a thing another clause names.
    assert tiers("述职会上有几位市委书记发言？", "市委书记述职会议召开，会议安排了3项议程。") == [0]
    assert tiers("民主生活会是哪天召开的？", "民主生活会开得很成功。", "1月31日，省委常委班子召开民主生活会。") == [0, 1]
    assert tiers("数字经济占比是多少？", "数字经济核心产业增加值增长8个百分点。", "数字经济占比达37.4%。") == [1, 2]
    assert tiers("民主生活会开得怎么样？", "1月31日，省委常委班子召开民主生活会。") == [0]  # no value asked
    # A duration: a span of time, not a date or a year, and never the "not found" of rule 2 (从…到… says one too).
    meeting = ["1月31日，省委常委班子召开2022年度民主生活会。", "省委常委班子用一整天时间召开民主生活会。"]
    assert tiers("民主生活会开了多长时间？", *meeting) == [0, 1]
    assert tiers("全会开了几天？", "全会于2023年1月9日至10日在北京举行。")  == [1]
    assert tiers("全会开了多少天？", "全会于2023年1月9日至10日在北京举行。") == [1]
    assert tiers("整改用了多长时间？", "整改工作于3月启动。", "整改用了3个多月。") == [0, 1]  # 3月 is a month, not a span
    assert tiers("三年行动用多长时间？", "国企改革三年行动任务全面完成。", "第一年赶上全国水平，第三年完成目标。") == [0, 0]
    assert _judge("民主生活会开了多长时间？", meeting[0]).answerable
    # The sentence that gives the value is the one to emphasise, not the one with the most keywords.
    question, passage = "全会是哪天召开的？", "全会于2023年1月9日至10日在北京举行。出席这次全会的有中央纪委委员127人。"
    found = answer_tiers(question, [sentences_of(passage, TOKENIZE)], _weights(question), chinese=True, tokenizer=TOKENIZER)
    assert found == [(1, "全会于2023年1月9日至10日在北京举行。")]


def test_a_year_asked_as_the_documents_say_it_is_read_from_the_sections_of_that_year():
    plans = Passage(id="p1", text="粮食播种面积不低于5303万亩。", article="政府工作报告", issue="2023年第二期", paragraph=1,
                    paragraph_count=2, section="三、2023年重点工作", year="2023")
    done = Passage(id="p2", text="城镇新增就业46.2万人。", article="政府工作报告", issue="2023年第二期", paragraph=2,
                   paragraph_count=2, section="一、2022年和过去五年工作", year="2023")
    assert section_years(plans) == {"2023", "今年"} and section_years(done) == {"2022", "去年"}
    question = "去年粮食播种面积是多少万亩？"
    verdict = judge(question, [sentences_of(plans.text, TOKENIZE)], _weights(question), any_keyword=True, chinese=True,
                    tokenizer=TOKENIZER, years=[section_years(plans)])
    assert not verdict.answerable and "去年" in verdict.reason
    question = "今年粮食播种面积不低于多少万亩？"
    assert judge(question, [sentences_of(plans.text, TOKENIZE)], _weights(question), any_keyword=True, chinese=True,
                 tokenizer=TOKENIZER, years=[section_years(plans)]).answerable


def test_one_year_asked_is_not_answered_by_a_value_over_several_years():
    # 年均 and 累计 say a value over several years; a passage opening on 五年来 gives five years' work, except the
    # level reached at its end (达到).
    assert not _judge("2022年全省一般公共预算收入比上年增长了多少？", "五年来，一般公共预算收入年均增长3.2%。").answerable
    assert not _judge("2022年新建改造老旧管网多少公里？", "五年来，我们坚持人民至上。新建改造老旧管网2.1万公里。").answerable
    assert _judge("2022年私营企业达到多少万户？", "五年来，我们坚持人民至上。私营企业达到109.4万户。").answerable
    assert _judge("2022年新建改造老旧管网多少公里？", "一年来，我们坚持人民至上。新建改造老旧管网2100公里。").answerable
    # A question that asks of the span itself is answered by it.
    assert _judge("2018年到2022年一般公共预算收入年均增长多少？", "五年来，一般公共预算收入年均增长3.2%。").answerable
    assert _judge("到2022年五年间新建改造老旧管网多少公里？", "五年来，我们坚持人民至上。新建改造老旧管网2.1万公里。").answerable
    # answer_tiers reads the passage's opening too, though it reads its sentences one by one.
    question = "2022年新建改造老旧管网多少公里？"
    passages = ["五年来，我们坚持人民至上。新建改造老旧管网2.1万公里。", "全年新建改造老旧管网2100公里。"]
    found = answer_tiers(question, [sentences_of(p, TOKENIZE) for p in passages], _weights(question), chinese=True, tokenizer=TOKENIZER)
    assert [tier for tier, _ in found] == [0, 1]


def test_an_average_over_years_asked_is_answered_by_a_value_said_as_one():
    question = "过去五年辽宁地区生产总值平均每年增长多少？"
    passages = ["全年地区生产总值增长2.1%，固定资产投资增长3.6%。", "五年来，地区生产总值年均增长3.9%，一般公共预算收入年均增长3.2%。"]
    found = answer_tiers(question, [sentences_of(p, TOKENIZE) for p in passages], _weights(question), chinese=True, tokenizer=TOKENIZER)
    assert [tier for tier, _ in found] == [0, 1]
    assert not _judge(question, passages[0]).answerable
    # Of one year asked, 年均 is that year's mean (年均优良天数比例): any value of the year answers.
    assert _judge("2022年全省空气质量年均优良天数比例是多少？", "2022年，全省空气质量优良天数比例达到87%。").answerable


def test_an_english_how_many_asks_a_count_not_a_percentage():
    weights = {"高新技术": 1.0, "企业": 1.0, "2022": 1.0}  # How many high-tech enterprises did Liaoning have in 2022?
    growth = "2022年，高新技术企业增长19.7%。"
    assert not _judge_english("How many high-tech enterprises did Liaoning have in 2022?", [growth], weights).answerable
    assert _judge_english("How many high-tech enterprises did Liaoning have in 2022?",
                          [growth, "2022年，高新技术企业达到1.1万家。"], weights).answerable
    assert _judge_english("By what percentage did high-tech enterprises grow in 2022?", [growth], weights).answerable


def test_a_date_asked_of_an_event_needs_a_sentence_that_names_the_event():
    assert asked_about("人民代表大会第一次会议是哪天闭幕的？", "date", TOKENIZER) == "闭幕"
    # The place the event was at is not what is dated: the report made there is (jieba glues 上作).
    assert asked_about("省长李乐成是哪天在省人大会议上作的政府工作报告？", "date", TOKENIZER) != "人大"
    assert asked_about("研讨班一共办了几天，哪天结业？", "date", TOKENIZER) == "结业"
    assert asked_about("第二次集体学习是在哪一天？", "date", TOKENIZER) is None
    opening = "研讨班7日上午在中央党校开班。"
    verdict = _judge("研讨班是哪天结业的？", opening)
    assert not verdict.answerable and "结业" in verdict.reason
    assert _judge("研讨班是哪天开班的？", opening).answerable
    # An occasion taking place is said in more than one word: 召开 is answered by 举行 or 开幕, an ending is not.
    held = "全会于2023年1月9日至10日在北京举行。"
    assert _judge("全会是哪天召开的？", held).answerable and _judge("全会是什么时候开的？", "全会于1月9日在北京开幕。").answerable
    assert not _judge("全会是哪天闭幕的？", "全会于1月9日在北京开幕。").answerable
    # A span of days a meeting was held over says the day it closed (the 10th); an opening day alone does not.
    assert _judge("全会是哪天闭幕的？", held).answerable
    assert not _judge("全会是哪天召开的？", "全会于1月9日开展调研。").answerable  # 开展 is no meeting held
    # A study session is held by 进行: 政治局1月31日下午就…进行第二次集体学习.
    assert _judge("第二次集体学习是哪天举行的？", "政治局1月31日下午就加快构建新发展格局进行第二次集体学习。").answerable
    assert _judge("研讨班是哪天结业的？", opening, "研讨班于12日下午结业。").answerable


def test_a_meeting_asked_when_held_must_be_named_by_the_sentence_that_dates_a_meeting():
    plenum = "中国共产党第二十届中央纪律检查委员会第二次全体会议于1月9日在北京开幕。"
    # Another meeting's date is no answer: the text only mentions 中央经济工作会议 (and 二十届一中全会).
    verdict = _judge("中央经济工作会议是哪天举行的？", plenum)
    assert not verdict.answerable and "日期" in verdict.reason
    assert not _judge("党的二十届一中全会是在哪一天召开的？", plenum).answerable
    # The meeting named by another form of its abbreviations (中央纪委: 中央纪律检查委员会, 全会: 全体会议) answers.
    assert _judge("二十届中央纪委二次全会是哪天开幕的？", plenum).answerable


def test_a_numbered_occasion_may_be_named_by_the_title_above_the_passage():
    # Rule 1 reads what is shown above a passage too: the speech's passages never say 二次, its title does.
    question = "习近平在二十届中纪委二次全会讲话中说，政治监督要在哪几个“化”上下更大功夫？"
    speech = [sentences_of("政治监督要在具体化、精准化、常态化上下更大功夫。", TOKENIZE)]
    title = "习近平总书记在二十届中央纪委二次全会上的重要讲话精神。习近平。"
    verdict = judge(question, speech, _weights(question), any_keyword=True, chinese=True, tokenizer=TOKENIZER)
    assert not verdict.answerable and "二次" in verdict.reason
    assert judge(question, speech, _weights(question), any_keyword=True, chinese=True, tokenizer=TOKENIZER, above=[title]).answerable
    third = "二十届中央纪委三次全会上，政治监督要在哪几个“化”上下功夫？"
    assert not judge(third, speech, _weights(third), any_keyword=True, chinese=True, tokenizer=TOKENIZER, above=[title]).answerable
    # Or by the title of the article the sentence stands in.
    title = frozenset(TOKENIZE("2023年全省教育工作会议召开"))
    sentences = [sentences_of("2月11日，会议在沈阳召开。", TOKENIZE, context=title)]
    question = "2023年全省教育工作会议是哪天召开的？"
    assert judge(question, sentences, _weights(question), any_keyword=True, chinese=True, tokenizer=TOKENIZER).answerable


def test_when_asks_for_a_time_of_any_grain_a_day_asks_for_a_date():
    plan = "我们要团结奋斗，今年经济增长赶上全国水平，明年超过全国水平，第三年如期完成目标。"
    # 让 only leads to what is asked of (经济增速超过全国): it is no word the answer must hold.
    assert asked_about("辽宁打算什么时候让经济增速超过全国？", "date", TOKENIZER) == "经济"
    assert _judge("辽宁打算什么时候让经济增速超过全国？", plan).answerable  # 明年
    assert _judge("沈白高铁什么时候建成？", "加快建设沈白高铁，2025年建成通车。").answerable
    assert not _judge("沈白高铁是哪天建成的？", "加快建设沈白高铁，2025年建成通车。").answerable  # a day asked: a year is no answer
    assert not _judge("沈白高铁什么时候建成？", "加快建设沈白高铁，建成后将便利沿线群众出行。").answerable


def test_a_date_asked_of_an_ending_in_english_needs_a_sentence_that_names_one():
    opening = "2023年1月12日在辽宁省第十四届人民代表大会第一次会议上报告工作。"
    weights = {"辽宁": 1.0, "人民": 0.25, "14": 1.0}  # the dictionary's translations of the question below

    def english(question, *passages):
        return _judge_english(question, passages, weights)

    verdict = english("When did the 14th Liaoning People's Congress close?", opening)
    assert not verdict.answerable and "结束" in verdict.reason
    assert english("When did the 14th Liaoning People's Congress open?", opening).answerable
    assert english("When did the 14th Liaoning People's Congress close?", opening, "辽宁省第十四届人民代表大会第一次会议于1月17日闭幕。").answerable


def test_a_date_asked_in_english_of_a_named_body_needs_a_sentence_or_title_that_names_it():
    from rag.bilingual import Lexicon

    lexicon = Lexicon.build(["政治局", "民主生活会", "常委", "习近平", "召开", "讲话", "辽宁"])
    weights = {"政治局": 1.0, "民主生活会": 1.0, "召开": 0.5}
    question = "On what date did the Politburo hold the democratic life meeting?"
    liaoning = "1月31日，省委常委班子用一整天时间召开民主生活会。"

    def english(*passages, datelines=()):
        return _judge_english(question, passages, weights, datelines=datelines, lexicon=lexicon)

    verdict = english(liaoning)
    assert not verdict.answerable and "政治局" in verdict.reason
    assert english(liaoning, "中央政治局12月26日至27日召开民主生活会。").answerable
    # Nor does an article's opening date answer it, unless its title or the line names the Politburo.
    opening = Passage(id="p", text=liaoning, article="省委常委班子2022年度民主生活会上的讲话", issue="i", paragraph=1, paragraph_count=1)
    assert not english(liaoning, datelines=[dateline(opening, TOKENIZE)]).answerable
    politburo = Passage(id="q", text=liaoning, article="中央政治局民主生活会上的讲话", issue="i", paragraph=1, paragraph_count=1)
    assert english(liaoning, datelines=[dateline(politburo, TOKENIZE)]).answerable
    # A possessive names whose occasion it is, not what is dated: no name is asked of.
    assert english_dated("When did Liaoning's education work conference open?", lexicon) is None
    assert english_dated("When did the Politburo hold the democratic life meeting?", lexicon) == "政治局"
    # Asked in a second clause, of "they": of the name the question gave before.
    question = "What did the Politburo discuss, and when was it held?"
    assert asked_kind(question) == "date" and english_dated(question, lexicon) == "政治局"
    assert not _judge_english(question, [liaoning], weights, lexicon=lexicon).answerable
    assert asked_kind("What did Xi say when he spoke?") is None  # a when of the story, no date asked


def test_a_title_the_question_names_must_stand_in_a_passage():
    passage = "领导干部要原原本本学习党的二十大精神，同时要把学习报告同学习大会系列讲话和相关文件结合起来。"
    verdict = _judge("对学习这期《领导干部学习参考》提出了哪些要求？", passage)
    assert not verdict.answerable and "《领导干部学习参考》" in verdict.reason
    titled = "李希作题为《深入学习贯彻党的二十大精神，在新征程上坚定不移推进全面从严治党》的工作报告。"
    assert _judge("《深入学习贯彻党的二十大精神，在新征程上坚定不移推进全面从严治党》是谁作的报告？", titled).answerable
    # A reader shortens a title, dropping characters in order: the text's 《》 title still names it; reordered, not.
    rules = "认真落实《中国共产党党员教育管理工作条例》，深化“共产党员先锋工程”。"
    assert _judge("《党员教育管理条例》对党员提出了哪些要求？", rules).answerable
    assert not _judge("《管理教育条例》对党员提出了哪些要求？", rules).answerable


def test_how_many_people_asks_a_count_of_people():
    weights = {"辽宁": 1.0, "人": 0.5}
    rules = "辽宁制定修改省本级地方性法规规章7件，修改废止政府规章20件。"
    assert not _judge_english("How many people live in Liaoning province?", [rules], weights).answerable
    assert _judge_english("How many people live in Liaoning province?", [rules, "辽宁常住人口4197万人。"], weights).answerable
    # People named otherwise ask no unit: People's Volunteers, serving the people.
    burial = "辽宁安葬第九批在韩中国人民志愿军烈士遗骸，共88位。"
    assert _judge_english("Which batch of remains of Chinese People's Volunteers did Liaoning bury?", [burial], {"辽宁": 1.0}).answerable


def test_how_many_times_asks_a_count_in_ci_and_how_much_money_a_sum_in_yuan():
    services = "沈阳都市圈102项政务服务事项实现通办，沈阳社区治理水平不断提升。"
    weights = {"沈阳": 1.0, "社区": 1.0}
    assert not _judge_english("How many times has Hao Peng visited communities in Shenyang?", [services], weights).answerable
    assert _judge_english("How many times has Hao Peng visited communities in Shenyang?", [services, "郝鹏3次到沈阳社区调研。"], weights).answerable
    assert not _judge("郝鹏到沈阳社区调研了多少次？", services).answerable
    # How many times larger asks a multiple (倍), not a count of 次.
    assert _judge_english(
        "How many times larger is Liaoning's private sector than in 2017?", ["私营企业达到109.4万户，是2017年的1.6倍。"], {"私营": 1.0}).answerable
    railway = "沈白高铁、京哈高速改扩建全面开工，建成高铁里程1500公里。"
    weights = {"沈白高铁": 1.0, "高铁": 0.5}
    assert not _judge_english("How much will the Shenyang–Baihe high-speed railway cost?", [railway], weights).answerable
    assert _judge_english("How much will the Shenyang–Baihe high-speed railway cost?", [railway, "沈白高铁总投资约500亿元。"], weights).answerable
    # By how much something grew is a percentage, not money.
    assert _judge_english("By how much did Liaoning's actual use of foreign investment grow in 2022?", ["实际使用外资增长16.3%。"], {"外资": 1.0}).answerable


def test_a_number_with_thousands_separators_is_one_number_and_ten_thousand_is_wan():
    patents = "全省万人有效发明专利达到15.2件。"
    weights = {"发明专利": 1.0, "辽宁": 0.5}
    assert _judge_english("How many valid invention patents per 10,000 people did Liaoning reach?", [patents], weights).answerable
    verdict = _judge_english("How many valid invention patents per 20,000 people did Liaoning reach?", [patents], weights)
    assert not verdict.answerable and "20000" in verdict.reason


def test_an_ordinal_answers_a_rank_or_a_numbered_count_not_how_many():
    first_day = "我第一天到辽宁工作，就去了社区，看到社区的党员同志衣服上写着“党派我来的”。"
    weights = {"党员": 1.0, "辽宁": 1.0, "新": 0.5}  # the dictionary's translations of the question below

    def english(question, *passages):
        return _judge_english(question, passages, weights)

    assert not english("How many new Party members did Liaoning recruit?", first_day).answerable
    assert english("How many new Party members did Liaoning recruit?", "辽宁全年发展党员3.2万名。").answerable
    assert english("Which place did Liaoning's Party members rank in?", "辽宁党员人数居全国第十。").answerable
    second = "我国经济总量跃居世界第二。"
    assert _judge("我国经济总量在世界上升到了第几位？", second).answerable
    assert _judge("我国经济总量排名多少？", second).answerable
    assert not _judge("我国经济总量是多少？", second).answerable
    assert _judge("总书记提了几点要求？", "第一，要加强学习。第二，要狠抓落实。第三，要严守纪律。").answerable  # numbered points


def test_an_amount_asked_of_a_thing_needs_a_sentence_that_names_the_thing():
    def about(question):
        return asked_about(question, "amount", TOKENIZER)

    assert about("辽宁今年计划新建多少个5G基站？") == "5g…基站"
    assert about("会上有几位市委书记作了述职？") == "市委书记"  # the noun, not the verb after it
    assert "方面" in about("报告从多少个方面总结了十年的变革？").split(ANY_OF)  # 总结了 is a verb, whatever jieba's tag
    assert about("2022年城镇居民人均可支配收入是多少元？") == "收入"  # the unit ends the clause: the word before
    assert about("过去五年辽宁的私营企业发展到了多少户？") == "私营企业"  # not the verb that 到 follows
    assert about("2022年为企业减免的税负超过多少亿元？") == "税负"  # nor one that says a level is reached
    assert _judge("2022年为企业减免的税负超过多少亿元？", "加大助企纾困力度，减免企业税负超900亿元，惠及市场主体近100万户。").answerable
    assert _judge("过去五年辽宁的私营企业发展到了多少户？", "支持民营经济做大做强，私营企业达到109.4万户，是2017年的1.6倍。").answerable
    assert about("增长了多少？") is None  # a bare 多少 may be a rate: nothing asked of
    assert about("经济总量排到了第几位？") is None  # a rank, not a count
    plan = "辽宁今年计划新建省级工业互联网平台80个，打造“5G+工业互联网”融合应用先导区。"
    verdict = _judge("辽宁今年计划新建多少个5G基站？", plan)
    assert not verdict.answerable and "“5G…基站”" in verdict.reason  # as the reader wrote it
    assert _judge("辽宁今年计划新建多少个5G基站？", plan, "今年新建5G基站2万个。").answerable
    # 多少所 asks for a count of schools: a percentage beside 幼儿园 does not give it.
    coverage = "普惠性幼儿园覆盖率达到87%，义务教育阶段集团化办学全覆盖。"
    assert not _judge("辽宁今年计划新建多少所幼儿园？", coverage).answerable
    assert _judge("辽宁今年计划新建多少所幼儿园？", coverage, "新建改扩建公办幼儿园100所。").answerable
    # A distinguishing word of the counted thing (国家级, 省级) must stand in the sentence too.
    assert about("2022年新增了多少家国家级工业互联网平台？") == "国家级…平台"
    verdict = _judge("今年计划新建多少个国家级工业互联网平台？", plan)
    assert not verdict.answerable and "国家级…平台" in verdict.reason
    assert _judge("今年计划新建多少个省级工业互联网平台？", plan).answerable
    # A level is also named without its 级 (国家专精特新企业); a one-character one is not (省 is everywhere).
    giant = "新增国家专精特新“小巨人”企业76家。全省企业发展势头良好。"
    assert _judge("新增了多少家国家级专精特新企业？", giant).answerable
    assert not _judge("新增了多少家省级专精特新企业？", giant).answerable
    # A size is asked of the nouns before it: 营造林125万亩 gives no area of a national park.
    assert about("辽河口国家公园面积有多大？") == "公园…面积"
    assert about("今年建设改造农村公路有多长？") == "农村公路"
    forest = "推进辽河口国家公园建设。推进科学绿化试点示范省建设，营造林125万亩，加快构建多层次城市公园体系。"
    assert not _judge("辽河口国家公园面积有多大？", forest).answerable
    assert _judge("今年建设改造农村公路有多长？", "建设改造农村公路5000公里、农村电网5817公里。").answerable
    # A count of trains or ships carries their counter: a growth rate does not give it.
    assert not _judge("中欧班列去年开行了多少列？", "中欧班列增长27.7%，海铁联运量增长4.7%。").answerable
    assert _judge("中欧班列去年开行了多少列？", "中欧班列开行3000列，增长27.7%。").answerable
    # 多少钱 asks for a sum in any yuan; when or how often it is paid (现在, 每月) is not the thing measured.
    allowance = "城乡低保月均标准分别提高到727元和563元。"
    assert about("低保标准现在是每月多少钱？") == "标准"
    assert _judge("低保标准现在是每月多少钱？", allowance).answerable
    assert not _judge("低保标准现在是每月多少钱？", "低保标准提高了30%。").answerable
    # 个 counts anything: 76家 answers 多少个; other counters must match (多少所 above).
    assert _judge("新增了多少个国家级专精特新企业？", giant).answerable
    # The noun right before the counted thing says which kind it is: 专精特新企业 are no 高新技术企业.
    assert about("2022年新增了多少家高新技术企业？") == "高新技术…企业"
    assert not _judge("2022年新增了多少家高新技术企业？", giant).answerable
    assert _judge("2022年新增了多少家高新技术企业？", giant, "高新技术企业突破1.1万家。").answerable
    # The nouns before the counted thing say which kind it is, one of them beside the amount, unless a level (高频)
    # says so already: the text leaves 政务 out.
    assert about("有多少个城镇老旧小区改造了？") == "城镇|老旧…小区"
    online = "全省927个高频刚需事项实现“掌上办”。"
    assert about("2022年全省有多少个高频刚需政务事项实现了“掌上办”？") == "高频…事项"
    assert _judge("有多少高频政务事项可以在手机上办？", online).answerable
    assert _judge("2022年全省有多少个高频刚需政务事项实现了“掌上办”？", online).answerable
    assert not _judge("有多少个高频刚需政务事项实现了“掌上办”？", "全省927个政务服务事项实现“掌上办”。").answerable
    # 人 counts people however they are counted (名, 位); 多少人才 asks for talents, not for a count in 人.
    talents = "支持引育1000名左右各类拔尖创新人才。"
    assert about("今年要引进多少人才？") == "人才"
    assert about("辽宁有多少个市？") == "市"  # jieba's guesser joins 个市, which its dictionary does not list
    # A year is no amount: 2023年 beside 口袋公园 does not say how many are built.
    assert not _judge("今年要新建多少个口袋公园？", "2023年要加快建设口袋公园。").answerable
    assert _judge("今年要新建多少个口袋公园？", "2023年要新建口袋公园100个。").answerable
    assert _judge("今年要引进多少人才？", talents).answerable
    assert _judge("今年要引育多少名人才？", talents).answerable
    assert not _judge("今年要引进多少人才？", "城镇新增就业45万人左右。").answerable
    # A value asked after 是 is a measure of the nouns before it; words that only say a value is asked are no part.
    kindergartens = "普惠性幼儿园覆盖率达到87%。"
    assert about("辽宁的森林覆盖率是多少？") == "森林…覆盖率"
    assert not _judge("辽宁的森林覆盖率是多少？", kindergartens).answerable
    assert _judge("普惠性幼儿园覆盖率是多少？", kindergartens).answerable
    assert about("科技型中小企业数量的目标是多少？") is None
    assert about("科技型中小企业数量是2017年的几倍？") == "中小企业"  # not 年, nor 数量
    # After 有, a bare 多少 counts the nouns before it; the amount must stand in the clause that names them.
    assert about("5G基站有多少？") == "5g…基站"
    assert about("辽宁有多少5G基站？") == "5g…基站"
    laid = "5G基站、工业互联网等新基建全面铺开，数字经济占比达37.4%，科技型中小企业是2017年的6倍。"
    for question in ("5G基站有多少？", "辽宁有多少5G基站？"):
        verdict = _judge(question, laid)
        assert not verdict.answerable and "5G…基站" in verdict.reason, question
        assert _judge(question, laid, "全省5G基站累计达到8.5万个。").answerable, question
    assert _judge("数字经济占比有多少？", laid).answerable
    medals = "辽宁健儿在北京冬奥会和冬残奥会上摘金夺银。"
    verdict = _judge("辽宁运动员在冬奥会上获得了几枚金牌？", medals)
    assert not verdict.answerable and "金牌" in verdict.reason
    assert _judge("有几部作品获奖？", "6部作品获“五个一工程”优秀作品奖。").answerable
    # A size the things counted are over (亿元以上) must stand beside the count too; it is no thing counted (10).
    assert about("今年要开工多少个10亿元以上的项目？") == "10亿元以上…项目"
    projects = "实施100个“揭榜挂帅”项目，攻克关键核心技术29项。"
    verdict = _judge("辽宁今年要新开工多少个亿元以上项目？", projects)
    assert not verdict.answerable and "亿元以上…项目" in verdict.reason
    assert _judge("辽宁今年要新开工多少个亿元以上项目？", projects, "新开工亿元以上项目1500个。").answerable
    # A clause with no subject of its own continues the one before: 是2017年的1.6倍 is said of 私营企业.
    private = "支持民营经济做大做强，私营企业达到109.4万户，是2017年的1.6倍。"
    assert _judge("私营企业数量是2017年的多少倍？", private).answerable
    assert not _judge("私营企业数量是2017年的多少倍？", "私营企业达到109.4万户，民营经济是2017年的1.6倍。").answerable


def test_a_value_asked_of_a_year_is_not_read_from_a_section_about_another_year():
    plan = Passage(id="p", text="落实国家千亿斤粮食产能提升行动，粮食播种面积不低于5303万亩。", article="政府工作报告", issue="",
                   paragraph=41, paragraph_count=88, position=40, section="三、2023年重点工作")
    assert section_years(plan) == {"2023"} and section_years(_opening("正文。", "讲话")) == frozenset()

    def verdict(question, years):
        return judge(question, [sentences_of(plan.text, TOKENIZE)], _weights(question), any_keyword=True, chinese=True,
                     tokenizer=TOKENIZER, years=years)

    asked_2022 = verdict("2022年辽宁粮食播种面积是多少万亩？", [section_years(plan)])
    assert not asked_2022.answerable and "2022" in asked_2022.reason
    assert verdict("2023年辽宁粮食播种面积不低于多少万亩？", [section_years(plan)]).answerable
    assert verdict("今年粮食播种面积不低于多少万亩？", [section_years(plan)]).answerable  # no year named
    assert verdict("2018年以来粮食播种面积不低于多少万亩？", [section_years(plan)]).answerable  # a span, not a year
    assert verdict("2022年辽宁粮食播种面积是多少万亩？", [frozenset()]).answerable  # a heading without a year
    # The base of a comparison is no year asked: the value is of the section's own years.
    growth = Passage(id="g", text="科技型中小企业是2017年的6倍。", article="政府工作报告", issue="", paragraph=3,
                     paragraph_count=88, position=2, section="一、2022年和过去五年工作回顾")
    for question in ("科技型中小企业数量是2017年的几倍？", "科技型中小企业是2017年的几倍？"):
        assert judge(question, [sentences_of(growth.text, TOKENIZE)], _weights(question), any_keyword=True, chinese=True,
                     tokenizer=TOKENIZER, years=[section_years(growth)]).answerable, question


def _opening(text, title, position=0):
    return Passage(id="p", text=text, article=title, issue="", paragraph=position + 1, paragraph_count=9, position=position)


def test_an_articles_opening_date_dates_the_occasion_its_title_names():
    title = "习近平总书记在二十届中央政治局第一次集体学习时的重要讲话精神"
    text = "(2022年10月25日) 学习宣传贯彻党的二十大精神是全党的首要政治任务。今天，我们举行二十届中央政治局第一次集体学习。"
    line = dateline(_opening(text, title), TOKENIZE)
    assert line.text.startswith("(2022年10月25日)") and "集体学习" in line.tokens
    assert dateline(_opening(text, title, position=1), TOKENIZE) is None  # only the passage that opens the article
    assert dateline(_opening("学习宣传贯彻党的二十大精神是全党的首要政治任务。", title), TOKENIZE) is None  # no date

    def asked(question):
        return judge(question, [sentences_of(text, TOKENIZE)], _weights(question), any_keyword=True, chinese=True,
                     tokenizer=TOKENIZER, datelines=[line])

    assert not _judge("二十届中央政治局第一次集体学习是哪一天举行的？", text).answerable  # the sentences alone: no date
    assert asked("二十届中央政治局第一次集体学习是哪一天举行的？").answerable
    assert asked("习近平在第一次集体学习时的讲话是哪一年？").answerable
    verdict = asked("二十届中央政治局第一次集体学习是哪一天结束的？")  # it dates the occasion, not its end
    assert not verdict.answerable and "结束" in verdict.reason
    # An occasion the article only mentions: the title holds too little of the question.
    assert not asked("讲话中提到的那次中央经济工作会议是哪天召开的？").answerable

    # The article's opening passage goes first, its date line emphasised, above a sentence that dates another speech.
    other = "2016年10月10日，习近平出席会议并发表了重要讲话。"
    question = "习近平在第一次集体学习时的讲话是哪一天？"
    tiers = answer_tiers(question, [sentences_of(other, TOKENIZE), sentences_of(text, TOKENIZE)], _weights(question), True,
                         TOKENIZER, datelines=[None, line])
    assert tiers[1] == (2, line.text) and tiers[0][0] < 2


def test_a_number_or_ordinal_the_passages_lack_means_not_found():
    verdict = _judge("二十届中央政治局第三次集体学习的主题是什么？", "中共中央政治局就加快构建新发展格局进行第二次集体学习。")
    assert not verdict.answerable and "第三次" in verdict.reason
    # Without 第, 一次 and 一批 say "once" and "a batch", no numbered occasion; 一次全会 still names one.
    assert _judge("省委常委会一年开一次民主生活会吗？", "省委常委班子召开年度民主生活会。").answerable
    assert _judge("辽宁今年要建设一批什么样的项目？", "建设重大项目，推进产业升级。").answerable
    assert not _judge("一次全会审议了什么？", "二中全会审议通过了决定。").answerable
    # The 20th Party Congress is 二十大 in the text; years are the documents' own time, not a detail.
    english = judge("What did the 20th Party Congress decide in 2022?", [sentences_of("党的二十大作出重大决策部署。", TOKENIZE)], {}, any_keyword=True, chinese=False)
    assert english.answerable


def test_a_chinese_question_sharing_no_word_with_the_collection_is_not_found():
    assert not judge("如何做红烧肉？", [], {}, any_keyword=False, chinese=True).answerable


def test_a_post_asked_of_a_person_needs_a_post_beside_the_persons_name():
    passage = "省委书记郝鹏主持会议并讲话。随后，郝鹏和省委常委依次作个人对照检查。"
    assert _judge("郝鹏担任什么职务？", passage).answerable
    # The post the question already gives is not an answer, nor a post that only stands in the same sentence.
    verdict = _judge("郝鹏任省委书记之前担任什么职务？", passage)
    assert not verdict.answerable and "职务" in verdict.reason and "post" in verdict.reason
    assert _judge("郝鹏任省委书记之前担任什么职务？", passage, "郝鹏曾任国务院国资委党委书记、主任。").answerable


def test_a_post_stands_before_each_name_of_the_list_that_follows_it():
    attended = "中共中央政治局常委赵乐际、王沪宁、蔡奇、丁薛祥、李希出席。"
    assert _judge("王沪宁担任什么职务？", attended).answerable and _judge("李希担任什么职务？", attended).answerable
    # A 、-list that is not one of names does not carry the post: 辽宁 here is no person.
    speech = "深入贯彻落实习近平总书记关于东北、辽宁振兴发展的重要讲话精神。"
    assert not _judge("郝鹏到辽宁任省委书记之前担任什么职务？", speech).answerable
    # 同志 after a post names no one, though the question says 崔亚飞同志.
    remarks = "刚才，14位市委书记进行了述职发言，我和常委同志都进行了点评。"
    assert not _judge("崔亚飞同志在中央组织部担任什么职务？", remarks).answerable
    assert _judge("崔亚飞同志在中央组织部担任什么职务？", remarks, "中央组织部组织二局副局长崔亚飞同志出席。").answerable


def test_who_holds_a_post_needs_a_name_beside_that_post():
    assert asked_holder_of("中央第二督导组组长是谁？", TOKENIZER) == "组长"
    assert asked_holder_of("开班式是由哪位中共中央政治局常委主持的？", TOKENIZER).endswith("常委")
    assert asked_holder_of("辽宁省副省长是谁？", TOKENIZER) == "副省长"
    # A person asked of something else than a post, or no person asked.
    assert asked_holder_of("民主生活会上是谁代表省委常委班子作对照检查的？", TOKENIZER) is None
    assert asked_holder_of("谁在全省教育工作会议上讲话？", TOKENIZER) is None
    assert asked_holder_of("郝鹏担任什么职务？", TOKENIZER) is None
    # 分别 between the post and 是谁 leaves the post asked: 14位市委书记 named, none of them by name.
    assert asked_holder_of("作述职发言的14位市委书记分别是谁？", TOKENIZER) == "市委书记"
    assert not _judge("作述职发言的14位市委书记分别是谁？", "刚才，14位市委书记进行了述职发言，我和常委同志都进行了点评。").answerable

    named = "中共中央政治局常委李强主持开班式。中央第二督导组到会指导并作点评。"
    verdict = _judge("中央第二督导组组长是谁？", named)
    assert not verdict.answerable and "组长" in verdict.reason
    assert _judge("开班式是由哪位政治局常委主持的？", named).answerable
    # The name after the same person's further posts, or before 任 and the post.
    assert _judge("省教育厅厅长是谁？", "省教育厅党组书记、厅长兼省委教育工委书记王庆东出席会议并讲话。").answerable
    assert _judge("中央第二督导组组长是谁？", named, "张三同志任中央第二督导组组长。").answerable
    assert not _judge("辽宁省副省长是谁？", "省长李乐成作政府工作报告。").answerable
    # A team's or a group's head is a post too: the team is named, its head is not.
    assert asked_holder_of("中央宣讲团团长是谁？", TOKENIZER) == "团长"
    assert not _judge("中央宣讲团团长是谁？", "中央宣讲团也将赴各地进行宣讲。").answerable
    assert _judge("宣讲团团长是谁？", "宣讲团团长张三作报告。").answerable
    # Passages that name the holder are put first (answer_tiers), as those that give an asked amount are.
    question = "中央第二督导组组长是谁？"
    passages = [sentences_of(p, TOKENIZE) for p in (named, "张三同志任中央第二督导组组长。")]
    assert answer_tiers(question, passages, _weights(question), True, TOKENIZER) == [(0, ""), (1, "张三同志任中央第二督导组组长。")]



def test_who_leads_something_asked_in_english_needs_a_name_beside_its_heads_post():
    assert english_heads_asked("Who led the Central Second Supervision Group that attended the meeting?") == ("组长", "团长", "队长")
    assert english_heads_asked("Who is currently the head of the Central Organization Department?")[0] == "部长"
    assert english_heads_asked("Who heads the Central Commission for Discipline Inspection?") == ("书记", "主任")
    # The head noun comes first; what follows describes it (sent around …, of the provincial Party committee).
    assert english_heads_asked("Who heads the central lecture team sent around the country to explain the 20th Congress spirit?") == ("组长", "队长", "团长")
    assert english_heads_asked("Who heads the publicity department of the provincial Party committee?")[0] == "部长"
    # Who did something (chaired: 主持), or a noun no post heads: no post asked.
    assert english_heads_asked("Who chaired the opening ceremony?") == ()
    assert english_heads_asked("Who led the inspection tours?") == ()
    named = "中共中央政治局常委李强主持开班式。中央第二督导组到会指导并作点评。"
    question = "Who led the Central Second Supervision Group?"
    verdict = _judge_english(question, [named], {"督导组": 1.0})
    assert not verdict.answerable and "组长" in verdict.reason
    assert _judge_english(question, [named, "张三同志任中央第二督导组组长。"], {"督导组": 1.0}).answerable
    head = "省教育厅党组书记、厅长兼省委教育工委书记王庆东出席会议并讲话。"
    assert _judge_english("Who heads the provincial education department?", [head], {"教育厅": 1.0}).answerable
    passages = [sentences_of(p, TOKENIZE) for p in (named, head)]
    tiers = answer_tiers("Who heads the education department?", passages, {"教育厅": 1.0}, False, TOKENIZER)
    assert tiers == [(0, ""), (1, head)]

def test_which_n_things_puts_first_a_passage_listing_that_many_of_the_kind_asked():
    listing = "要增强法治意识、程序意识、证据意识，不断提高工作规范化水平。"
    others = ("纪检监察干部要增强意识、提高本领。", "要坚持法治意识、程序意识、证据意识、纪律意识。", "要把握好政治、经济、文化。")
    passages = [sentences_of(p, TOKENIZE) for p in (*others, listing)]
    question = "纪检监察干部要增强哪三种意识？"
    # Not a list without the question's word (政治、经济、文化), nor one of four.
    assert answer_tiers(question, passages, _weights(question), True, TOKENIZER) == [(0, ""), (0, ""), (0, ""), (1, listing)]
    # An English question by its words' translations; its number in words.
    weights = {ANY_OF.join(("意识", "认识")): 1.0, "纪检": 1.0, "三": 1.0}
    english = "Which three kinds of awareness should discipline inspection officials strengthen?"
    assert answer_tiers(english, passages, weights, False, TOKENIZER)[3] == (1, listing)
    # Any other question is not ordered so.
    assert answer_tiers("纪检监察干部要增强什么意识？", passages, _weights(question), True, TOKENIZER) == [(0, "")] * 4


def test_a_saying_is_asked_for_and_found_in_quotation_marks():
    assert asks_saying("What saying did Hao Peng use about Party building?") and asks_saying("郝鹏讲话里有个说法是怎么讲的？")
    assert asks_saying("Which slogans guide rural industries?") and not asks_saying("What did Hao Peng say about Party building?")
    text = "牢固树立“抓好党建是本职、不抓党建是失职、抓不好党建是不称职”的意识，推动“党建”工作。"
    assert quotes_any(text, ["党建"]) and quotes_any(text, ["失职", "农业"])
    assert not quotes_any(text, ["意识"])  # beside the quotation, not in it
    assert not quotes_any("推动“党建”工作。", ["党建"])  # a term in quotation marks, no phrase: fewer than four characters


def test_who_holds_a_post_is_also_read_from_what_is_shown_above_a_passage():
    # The report's byline (省长 李乐成) and a speech's title (省委书记郝鹏在…) stand in the source line, not the text.
    question, text = "作政府工作报告的辽宁省省长是谁？", "各位代表：现在，我代表省人民政府，向大会报告工作，请予审议。"
    sentences = [sentences_of(text, TOKENIZE)]
    weights = _weights(question)
    assert not judge(question, sentences, weights, any_keyword=True, chinese=True, tokenizer=TOKENIZER).answerable
    report = Passage(id="p1", text=text, article="2023年省第十四届人民代表大会政府工作报告", issue="2023年第二期",
                     paragraph=1, paragraph_count=88, byline="省长 李乐成")
    above = [named_above(report)]
    assert judge(question, sentences, weights, any_keyword=True, chinese=True, tokenizer=TOKENIZER, above=above).answerable
    assert answer_tiers(question, sentences, weights, True, TOKENIZER, above=above) == [(1, "")]  # named above the text only
    # Rule 6 only: a post asked of a person (rule 4) is not read from a title.
    asked = "郝鹏此前担任什么职务？"
    title = [named_above(Passage(id="p2", text="郝鹏强调，要抓好落实。", article="省委书记郝鹏在会议上的讲话", issue="2023年第二期",
                                 paragraph=1, paragraph_count=9, byline="郝鹏"))]
    assert not judge(asked, [sentences_of("郝鹏强调，要抓好落实。", TOKENIZE)], _weights(asked), any_keyword=True,
                     chinese=True, tokenizer=TOKENIZER, above=title).answerable


def test_a_list_asked_of_a_subject_the_passages_only_name_in_another_list_is_not_found():
    named = "概括形成中国式现代化的中国特色、本质要求和重大原则，初步构建中国式现代化的理论体系。"
    verdict = _judge("中国式现代化的本质要求具体包括哪几条？", named)
    assert not verdict.answerable and "本质要求" in verdict.reason
    listed = "中国式现代化的本质要求是：坚持中国共产党领导，坚持中国特色社会主义，实现高质量发展。"
    assert _judge("中国式现代化的本质要求具体包括哪几条？", named, listed).answerable
    # The subject written on its own, with its list after it, is an answer; only lists are asked this of.
    assert _judge("三个万亿级产业基地分别是什么？", "高质量建成三个万亿级产业基地：先进装备制造、石油化工、冶金新材料。").answerable
    assert _judge("本质要求是什么？", named).answerable


def test_the_items_of_a_counted_term_the_passages_only_name_are_not_found():
    named = "严明政治纪律和政治规矩，及时发现、着力解决“七个有之”问题。"
    verdict = _judge("公报要求着力解决的“七个有之”问题具体包括哪些？", named)
    assert not verdict.answerable and "七个有之" in verdict.reason
    assert not _judge("“七个有之”具体是指哪七种问题？", named).answerable
    assert not _judge("省委经济工作会议明确的八个方面工作任务具体有哪些？", "会议明确了八个方面的工作任务。").answerable
    # Listed before the term, after it, as items that end with its last word, or as numbered points: answered.
    assert _judge("推翻的三座大山分别是哪些？", "推翻帝国主义、封建主义、官僚资本主义三座大山。").answerable
    assert _judge("“三项改革”指哪三项？", "一体深化推进党的纪律检查体制改革、国家监察体制改革、纪检监察机构改革，"
                                         "健全统筹推进“三项改革”的领导体制。").answerable
    assert _judge("三个万亿级产业基地分别是哪些？", "高质量建成三个万亿级产业基地：先进装备制造、石油化工、冶金新材料。").answerable
    assert _judge("正在打造的三个万亿级产业基地分别是什么？",  # the count in digits (3个) lists them
                  "聚力打造先进装备制造、石油化工、冶金新材料3个万亿级产业基地。高质量建成三个万亿级产业基地。").answerable
    assert _judge("八个方面的工作任务有哪些？", "会议明确了八个方面的工作任务。第一，稳增长。").answerable
    # Some of the items and 等 list them too; a count asked in digits (哪22个), the term in the clause before.
    assert _judge("辽宁要培育壮大的10个战略性新兴产业集群包括哪些？", "培育壮大新能源汽车、生物医药、节能环保等10个战略性新兴产业集群。").answerable
    assert not _judge("省政府报告里说的22个重点产业集群，具体是哪22个？", "22个重点产业集群建设取得积极成效。").answerable
    assert not _judge("年初承诺的10件民生实事分别是哪些？", "10件民生实事全部完成。").answerable
    assert not _judge("“三个区分开来”具体是把哪三种情况区分开来？", "坚持“三个区分开来”，更好激发广大党员、干部的积极性。").answerable
    # The items asked without 哪些 (具体都是什么), and of a count the asking clause gives alone (这10件).
    verdict = _judge("报告从12个方面作出部署，这12个方面具体都是什么？", "党的二十大报告从12个方面对各领域各方面工作作出部署。")
    assert not verdict.answerable and "12个方面" in verdict.reason
    verdict = _judge("年初承诺的10件民生实事全部完成，这10件分别是什么？", "年初承诺的10件民生实事全部完成。")
    assert not verdict.answerable and "“10件民生实事”" in verdict.reason
    assert _judge("三个万亿级产业基地都是什么？", "高质量建成三个万亿级产业基地：先进装备制造、石油化工、冶金新材料。").answerable
    assert [numeral_value(n) for n in ("12", "十二", "七", "两", "二十")] == [12, 12, 7, 2, 20]
    # The list asked is not the term's when the question says what the term does (要实现哪几种效果).
    assert _judge("精准运用“四种形态”要实现哪几种效果的有机统一？", "精准运用“四种形态”，实现政治效果、纪法效果、社会效果有机统一。").answerable


def test_a_few_named_in_a_question_ask_no_count():
    # 除了几位政治局常委: a few, not how many; the list asked (哪些领导同志出席) is given by one of those who attended.
    passage = "中央书记处书记，是二十届中央委员的其他党和国家领导同志、中央军委委员出席开班式。"
    assert _judge("研讨班开班式上，除了几位政治局常委，还有哪些领导同志出席？", passage).answerable
    assert asked_kind("除了几位常委，还有谁出席？") is None and asked_kind("这几个方面是什么？") is None
    assert asked_kind("有几位常委出席？") == "amount"
    # A count that the question goes on to ask which they are asks the list (rule 5), no amount: the text may list
    # them without counting (经受严格的思想淬炼、政治历练、实践锻炼、专业训练).
    asked = "前面几个“进”具体是进哪些地方？"
    assert asked_kind(asked) is None and asked_kind("后面还跟着几个“练”，一共是哪几种？") is None
    assert asked_kind("有几个“进”？") == "amount"
    assert _judge(asked, "推动党的二十大精神进机关、进企业、进农村、进校园、进社区。").answerable
    # A list asked of what else there is (除了…还有哪些, …之外的哪些): the item the question names is one of the answer's.
    principles = "要坚持严管和厚爱结合、激励和约束并重，坚持“三个区分开来”，更好激发广大党员、干部的积极性、主动性、创造性。"
    assert _judge("除了严管和厚爱结合，激发干部积极性还要坚持哪些原则？", principles).answerable
    industries = "发展乡村特色产业。坚持“一县一园、一镇一业、一村一品”，深入实施“三品一标”提升行动。"
    assert _judge("发展乡村特色产业，要坚持“一县一园”之外的哪些做法？", industries).answerable
    assert not _judge("激发干部的积极性包括哪些方面？", principles).answerable


def test_a_list_is_asked_of_a_phrase_in_the_asking_words_own_clause():
    # What the question itself writes as a list is what it says, not the subject of the list asked.
    passage = "要增强法治意识、程序意识、证据意识，不断提高纪检监察工作规范化、法治化、正规化水平。"
    assert _judge("纪检监察机关要增强哪几种意识来提高工作的规范化、法治化水平？", passage).answerable
    passage = "深入开展党员干部下基层、进企业活动，面对面、心贴心、实打实服务于民。"
    # 党员干部下基层 stands as a 、-item, but the list asked (哪几个“心”) is not asked of it.
    assert _judge("党员干部下基层要怎样服务于民，做到哪几个“心”？", passage).answerable
    verdict = _judge("党员干部下基层包括哪些内容？", passage)
    assert not verdict.answerable and "党员干部下基层" in verdict.reason


def test_who_did_something_puts_first_the_passages_that_name_someone_before_that_verb():
    assert asked_doing("民主生活会上是谁代表省委常委班子作对照检查的？", TOKENIZER) == "代表"
    assert asked_doing("谁在二十届中央纪委二次全会上发表重要讲话？", TOKENIZER) == "发表"  # the place aside
    assert asked_doing("开班式是由哪位领导主持的？", TOKENIZER) == "主持"
    assert asked_doing("主持开班式的是谁？", TOKENIZER) == "主持"  # the clause that ends in 的是谁
    assert asked_doing("民主生活会上代表省委常委班子作对照检查的是谁？", TOKENIZER) == "代表"  # a place opens it
    assert asked_doing("谁代表督导组在评议会上讲了意见？", TOKENIZER) == "代表"  # a place later is no opening
    assert asked_doing("谁是辽宁省省长？", TOKENIZER) is None  # a post's holder: rule 6
    # The search orders more passages for these (orders_by_doer): not for a value or a post's holder asked.
    assert orders_by_doer("谁主持了民主生活会？", True, TOKENIZER)
    assert not orders_by_doer("谁是辽宁省省长？", True, TOKENIZER)
    assert not orders_by_doer("谁在哪天主持了民主生活会？", True, TOKENIZER)  # a date asked: the value order
    # Of an English question, who chaired (presided over, hosted): the documents' 主持.
    assert orders_by_doer("Who presided over the meeting?", False, TOKENIZER)
    assert not orders_by_doer("Who spoke at the meeting?", False, TOKENIZER)
    opening = ("新进中央委员会的委员和省部级主要领导干部研讨班在中央党校开班。习近平发表重要讲话。", "中共中央政治局常委李强主持开班式。")
    found = answer_tiers("Who chaired the opening ceremony of the study session?", [sentences_of(p, TOKENIZE) for p in opening],
                         {"开班式": 1.0, "研讨班": 1.0, "主持": 1.0}, chinese=False, tokenizer=TOKENIZER)
    assert [tier for tier, _ in found] == [0, 1]

    def tiers(question, *passages):
        found = answer_tiers(question, [sentences_of(p, TOKENIZE) for p in passages], _weights(question), chinese=True, tokenizer=TOKENIZER)
        return [tier for tier, _ in found]

    checked = ("随后，郝鹏和省委常委依次作个人对照检查，认领省委常委班子对照检查中的个人责任。", "郝鹏代表省委常委班子进行对照检查，深入查摆问题。")
    assert tiers("民主生活会上是谁代表省委常委班子作对照检查的？", *checked) == [0, 1]
    assert tiers("崔亚飞同志代表督导组讲了什么意见？", *checked) == [0, 0]  # no person asked
    assert _judge("民主生活会上是谁代表省委常委班子作对照检查的？", checked[0]).answerable  # it only orders



def test_who_chaired_or_lectured_needs_a_name_before_that_verb():
    held = "2月11日，2023年全省教育工作会议在沈阳召开。会议总结过去一年工作，部署重点任务。"
    verdict = _judge("2023年全省教育工作会议由谁主持？", held)
    assert not verdict.answerable and "主持" in verdict.reason
    assert _judge("2023年全省教育工作会议由谁主持？", held, "会议由省教育厅厅长王庆东主持。").answerable
    assert _judge("政治局集体学习由谁主持？", "习近平在主持学习时发表了重要讲话。").answerable
    assert not _judge("政治局第二次集体学习由谁讲解？", "这次中央政治局集体学习，由中央政治局同志自学并交流工作体会。").answerable
    # Other verbs only order the passages: whom a speech quotes, who delivered a report (李乐成作 cut 李乐 / 成作).
    assert _judge("讲话引用了哪位领导人的论述？", "毛泽东同志说：“善于把党的政策变为群众的行动。”").answerable


def test_a_list_of_what_a_person_did_is_answered_by_a_list_of_people_who_did_it():
    attended = "中共中央政治局常委李强、赵乐际、王沪宁、蔡奇、丁薛祥出席会议。"
    assert _judge("王沪宁出席了哪些会议？", attended).answerable
    # Not when the list says something else of them, nor of a thing named more fully after it (第一轮、第二轮巡视).
    verdict = _judge("王沪宁主持了哪些会议？", attended + "李希主持会议。")
    assert not verdict.answerable and "王沪宁" in verdict.reason
    rounds = "扎实做好二十届中央第一轮、第二轮巡视。"
    assert not _judge("二十届中央第一轮巡视巡视了哪些单位？", rounds).answerable


def test_a_list_subject_tied_with_one_written_outside_a_list_is_answerable_whatever_the_hash_seed():
    # 科技创新 and 乡村振兴 are as rare and as long: only one of them stands as a 、-item, so nothing is said.
    assert _judge("科技创新和乡村振兴分别包括哪些？", "推进科技创新、数字经济和乡村振兴工作。").answerable
    assert not _judge("科技创新和乡村振兴分别包括哪些？", "推进科技创新、乡村振兴、数字经济工作。").answerable
