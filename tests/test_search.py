"""Search with the real embedded model over the real default collection."""

import pytest

from rag.errors import QuestionError
from rag.present import source_line


def _articles(result):
    return [h.passage.article_number for h in result.hits]


def test_a_question_on_the_chinese_features_of_modernization_finds_article_1(searcher):
    result = searcher.search("中国式现代化的中国特色有哪些？", k=5)
    assert not result.no_answer
    assert result.hits[0].passage.article_number == 1
    assert any("5个方面的中国特色" in h.passage.text for h in result.hits)


def test_a_numeric_question_finds_the_figure_and_its_sentence(searcher):
    result = searcher.search("2022年固定资产投资增长了多少？", k=5)
    top = result.hits[0]
    assert "固定资产投资增长3.6%" in top.best_sentence and top.relevance == "high"
    assert "固定资产" in result.keywords


def test_full_width_digits_and_an_english_acronym_are_read_like_the_collections_words(searcher):
    # Typed in a Chinese input method's full-width mode: ２０２２ is the 2022 the passages hold.
    result = searcher.search("２０２２年辽宁粮食总产量是多少？", k=5)
    assert not result.no_answer and "496.9亿斤" in result.hits[0].passage.text
    assert result.question == "２０２２年辽宁粮食总产量是多少？"  # the reader's question as typed
    # GDP, which no passage writes, is searched as CC-CEDICT's 生产总值.
    result = searcher.search("2022年辽宁GDP增长了多少？", k=5)
    assert "地区生产总值增长2.1%" in result.hits[0].best_sentence and "生产总值" in result.keywords
    # 一整天时间 gives the duration asked, ahead of passages on the same meeting that give none.
    assert "一整天" in searcher.search("省委常委班子民主生活会开了多久？", k=5).hits[0].best_sentence
    # 76家 counts the enterprises asked as 多少个, and 国家 names 国家级.
    result = searcher.search("辽宁有多少个国家级专精特新小巨人企业？", k=5)
    assert not result.no_answer and "76家" in result.hits[0].best_sentence.replace(" ", "")


def test_an_english_question_finds_the_chinese_passage(searcher):
    result = searcher.search("Which laboratories started operating in Liaoning?", k=5)
    assert not result.no_answer
    assert any("辽宁材料实验室、辽河实验室、滨海实验室、黄海实验室挂牌运行" in h.passage.text for h in result.hits[:3])
    assert "实验室" in result.keywords  # English words come back as the Chinese words to highlight
    # "report" and "work" have many translations, most of them wrong here (申报, 劳动 …): each is one term of the
    # keyword leg, so the report's date line, which names who delivered it, comes first (it stood fifth).
    result = searcher.search("Who delivered Liaoning's 2023 government work report?", k=5)
    assert not result.no_answer and "省长 李乐成" in result.hits[0].passage.text
    # "chaired" is 主持 and an "opening ceremony" of a study session its 开班式 (the dictionary has neither so).
    result = searcher.search("Who chaired the opening ceremony of the study session?", k=5)
    assert not result.no_answer and "李强主持开班式" in result.hits[0].passage.text
    # The keyword leg's first passage stands among the five best: its one sentence answers, though the long passage
    # means other things (its cosine ranks it near the bottom of the collection).
    _assert_answered_first(searcher, "In how many areas does the 20th Party Congress report lay out work arrangements?", "12个方面")


def test_questions_the_collection_cannot_answer_say_not_found(searcher):
    for question in ("二十届中央政治局第五次集体学习讲了什么？", "中央八项规定是哪一年提出的？", "如何做红烧肉？"):
        result = searcher.search(question, k=5)
        assert result.no_answer and result.why_not_found, question
    assert not searcher.search("中央政治局第二次集体学习的主题是什么？").no_answer


def test_a_post_or_a_list_the_collection_only_names_is_not_found(searcher):
    # 郝鹏 is named only as 省委书记; 本质要求 only as an item of 中国特色、本质要求和重大原则.
    # “七个有之” and 三篇大文章 are named, their items listed nowhere.
    for question, why in (("郝鹏任省委书记之前担任什么职务？", "职务"), ("中国式现代化的本质要求具体包括哪几条？", "本质要求"),
                          ("“七个有之”具体是哪七种问题？", "七个有之"), ("“三篇大文章”指的是哪几篇？", "三篇大文章")):
        result = searcher.search(question, k=5)
        assert result.no_answer and why in result.why_not_found, question
    for question, answer in (("郝鹏担任什么职务？", "省委书记郝鹏"), ("李希是什么职务？", "书记李希"), ("中国式现代化的中国特色有哪些？", "5个方面的中国特色")):
        result = searcher.search(question, k=5)
        assert not result.no_answer and any(answer in h.passage.text for h in result.hits), question


def test_who_holds_a_post_the_collection_names_no_one_for_is_not_found(searcher):
    # The collection names 中央第二督导组 but not its head; it names the heads of the other two.
    result = searcher.search("到会指导省委常委班子民主生活会的中央第二督导组组长是谁？", k=5)
    assert result.no_answer and "组长" in result.why_not_found
    result = searcher.search("中央宣讲团团长是谁？", k=5)
    assert result.no_answer and "团长" in result.why_not_found
    # The passage that names one is put first among the five best.
    for question, answer in (("中央纪律检查委员会书记是谁？", "书记李希"), ("辽宁省教育厅厅长是谁？", "王庆东")):
        result = searcher.search(question, k=5)
        assert not result.no_answer and answer in result.hits[0].passage.text, question



def test_who_leads_what_an_english_question_names_is_not_found_when_no_one_is_named(searcher):
    # The group that attended the democratic life meeting is named; who led it is not, while 郝鹏 is named there.
    result = searcher.search("Who headed the Central Second Supervision Group at the Standing Committee's democratic life meeting?", k=5)
    assert result.no_answer and "组长" in result.why_not_found
    # The education department's head is named (厅长兼省委教育工委书记王庆东), and the report's governor above it.
    result = searcher.search("Who is the head of the provincial education department?", k=5)
    assert not result.no_answer and "王庆东" in result.hits[0].passage.text
    assert not searcher.search("Who leads the provincial government?", k=5).no_answer

def test_a_question_in_abbreviations_finds_the_full_names_the_text_writes(searcher):
    # The reader writes 中央纪委全会; the passages that date the plenary write 中央纪律检查委员会第二次全体会议.
    result = searcher.search("习近平什么时候在中央纪委全会上讲话？", k=5)
    assert not result.no_answer and "中央纪律检查委员会第二次全体会议" in result.hits[0].best_sentence
    assert "中央纪律检查委员会" in result.keywords


def test_who_did_something_is_answered_by_the_passage_that_names_them_before_it(searcher):
    # 郝鹏和省委常委依次作个人对照检查 shares more words; 郝鹏代表省委常委班子进行对照检查 answers.
    result = searcher.search("民主生活会上，谁代表省委常委班子作了对照检查？", k=5)
    assert not result.no_answer and result.hits[0].best_sentence.startswith("郝鹏代表省委常委班子进行对照检查")
    # The short passage that names who presided shares few of the question's words: it stood sixth.
    result = searcher.search("谁主持了省委常委班子民主生活会？", k=5)
    assert result.hits[0].best_sentence == "省委书记郝鹏主持会议并讲话。"


def test_who_gave_the_report_is_answered_by_its_byline(searcher):
    # The work report's byline names its speaker: printed under the date line, it opens the report's first passage,
    # and the chat shows it beside each of the report's passages too.
    for question in ("作政府工作报告的辽宁省省长是谁？", "政府工作报告是谁作的？"):
        result = searcher.search(question, k=5)
        assert not result.no_answer, question
        assert "第一次会议上 省长 李乐成 各位代表" in result.hits[0].passage.text, question
        assert "省长 李乐成" in source_line(result.hits[0].passage)
    # The post the question gives him is no other post: what he held before is not in the collection.
    assert searcher.search("李乐成出任辽宁省省长之前担任什么职务？", k=5).no_answer


def test_an_amount_the_collection_gives_only_of_another_thing_or_year_is_not_found(searcher):
    # The report names 5G基站 but counts none; it gives 粮食播种面积 only as 2023's target; it counts 省级 platforms.
    # Nor does 5G基站有多少 read its count from the 37.4% of another clause (数字经济占比达37.4%) of the same sentence.
    for question, why in (("辽宁今年计划新建多少个5G基站？", "基站"), ("2022年辽宁粮食播种面积是多少万亩？", "2022"), ("5G基站有多少？", "基站"),
                          ("辽宁运动员在北京冬奥会上获得了几枚金牌？", "金牌"),
                          ("2022年辽宁新增了多少家国家级工业互联网平台？", "国家级"),
                          # A change asked of what changed: 实物商品网上零售额增长14.2% is no growth of all retail sales.
                          ("2022年全省社会消费品零售总额比上年增长了多少？", "消费品")):
        _assert_not_found(searcher, question, why)
    for question, answer in (("2023年辽宁粮食播种面积不低于多少万亩？", "5303万亩"), ("过去五年辽宁一共改造了多少个老旧小区？", "3802个"),
                             ("2022年辽宁新增了多少家省级工业互联网平台？", "32家"),
                             # An everyday name of a statistic is read as the report's (经济总量: 地区生产总值).
                             ("过去五年经济总量年均增长多少？", "年均增长3.9%")):
        _assert_answered_first(searcher, question, answer)


def test_an_english_word_counts_once_in_the_answering_sentence_whichever_translation_it_holds(searcher):
    # "characteristics" is 特点, 特征, 性质 or 特色. Shared out among them, the 特点 of 有3个特点 held 0.047 of the question's
    # weight, and the amount was "not found"; as one term, 0.19.
    _assert_answered_first(searcher, "How many characteristics did Hao Peng see in the Party secretaries' work reports?", "有3个特点")
    # Neither is a figure beside a few of the question's translated words an answer: the text gives no investment of
    # Metro Line 4, only other figures of Shenyang.
    _assert_not_found(searcher, "What is the total investment in Shenyang Metro Line 4?", "amount")


def test_the_date_of_a_meeting_the_text_only_mentions_is_not_found(searcher):
    # The plenum's opening date (于1月9日在北京开幕) dates no other meeting; the conference's own date answers.
    for question in ("中央经济工作会议是哪天举行的？", "党的二十大是哪天开幕的？", "党的二十届一中全会是在哪一天召开的？"):
        assert searcher.search(question, k=5).no_answer, question
    _assert_answered_first(searcher, "2023年全省教育工作会议是哪天召开的？", "2月11日")
    _assert_answered_first(searcher, "二十届中央纪委二次全会是哪天开幕的？", "1月9日")


def test_a_city_asked_needs_a_sentence_that_names_one(searcher):
    # The forum is named, where it was held is not; 盘锦 is named beside the honour.
    _assert_not_found(searcher, "中国—中亚合作论坛在辽宁哪个城市举办？", "城市")
    _assert_answered_first(searcher, "辽宁哪座城市被评为国际湿地城市？", "盘锦获评国际湿地城市")


def test_a_value_asked_of_a_city_needs_a_sentence_that_names_it(searcher):
    # The Liaoning report's targets are the province's own (its home place): 全省…地区生产总值增长5%以上 answers of
    # 辽宁, not of 锦州, which the report names elsewhere.
    index = searcher.index
    assert {index.home_place(row) for row, p in enumerate(index.passages) if p.headline == "政府工作报告"} == {"辽宁"}
    for question, city in (("锦州今年地区生产总值目标是多少？", "锦州"), ("鞍山2022年粮食总产量是多少？", "鞍山"),
                           ("沈阳今年计划建设多少套保障性租赁住房？", "沈阳")):
        _assert_not_found(searcher, question, city)
    for question, answer in (("辽宁今年地区生产总值目标是多少？", "增长5%以上"), ("辽宁省2022年粮食总产量是多少？", "496.9亿斤"),
                             ("沈阳都市圈有多少项政务服务事项实现通办？", "102项")):
        _assert_answered_first(searcher, question, answer)
    # Asked in English too: the city is the one its name translates to (Shenyang -> 沈阳, by the dictionary's pinyin).
    _assert_not_found(searcher, "How many times has Hao Peng visited communities in Shenyang?", "沈阳")
    # "What was … growth rate" asks a measure, as "how many" does (the province's 地区生产总值增长2.1% is no answer).
    _assert_not_found(searcher, "What was Shenyang's GDP growth rate last year?", "沈阳")
    _assert_answered_first(searcher, "How many kilometres of rural roads will Liaoning build or upgrade this year?", "农村公路5000公里")


def _assert_not_found(searcher, question, why):
    """The search says "not found", naming `why` in its reason."""
    result = searcher.search(question, k=5)
    assert result.no_answer and why in result.why_not_found, question


def _assert_answered_first(searcher, question, answer):
    """The search answers, with `answer` in the first passage's emphasised sentence."""
    result = searcher.search(question, k=5)
    assert not result.no_answer and answer in result.hits[0].best_sentence, question


def test_counts_and_lists_a_reader_asks_in_everyday_words_are_answered(searcher):
    # 多少人才 asks for talents (1000名 answers, not a count in 人); 2017年 is the base of a comparison, no year asked;
    # 王沪宁 stands in a list of those who attended; 森林覆盖率 is nowhere (a kindergarten's 覆盖率 is no answer).
    for question, answer in (("辽宁今年要引进多少人才？", "1000名左右各类拔尖创新人才"), ("科技型中小企业数量是2017年的几倍？", "2017年的6倍"),
                             ("王沪宁出席了哪些会议？", "王沪宁、蔡奇、丁薛祥出席会议"),
                             # 是2017年的1.6倍 continues 私营企业达到109.4万户, the clause that names what it counts.
                             ("私营企业数量是2017年的多少倍？", "是2017年的1.6倍"),
                             # 和2017年相比: the base of a comparison, no year asked (a 2017 heading is not looked for).
                             ("辽宁现在有多少户私营企业，和2017年相比是多少倍？", "是2017年的1.6倍")):
        result = searcher.search(question, k=5)
        assert not result.no_answer and answer in result.hits[0].passage.text, question
    # In English too: a year after "compared with" or "than" is the base of a comparison.
    for question in ("How many private enterprises does Liaoning have, compared with 2017?", "How many more private enterprises are there than in 2017?",
                     "How many private enterprises does Liaoning now have, and how does that compare with 2017?"):
        _assert_answered_first(searcher, question, "私营企业达到109.4万户")
    result = searcher.search("辽宁的森林覆盖率是多少？", k=5)
    assert result.no_answer and "森林…覆盖率" in result.why_not_found


def test_how_a_reader_words_a_number_question_does_not_hide_the_number_the_text_gives(searcher):
    for question, answer in (
        ("我们党推翻了几座大山？", "三座大山"),  # a count in numerals with its counter (座)
        ("城乡低保每月提到了多少钱？", "分别提高到727元"),  # 提到了 is a verb (了 follows), not what is measured
        ("辽宁设立的产业投资基金规模有多少？", "设立200亿元产业投资基金"),  # 规模 says an amount is asked, of 基金
        ("2022年为企业减免税负一共有多少？", "减免企业税负超900亿元"),  # 一共 says it is a total, not of what
        ("每万人发明专利拥有量有多少件？", "万人有效发明专利达到15.2件"),  # 拥有量 says a count is asked, like 数量
        ("国有企业党建工作会议是哪年哪天开的？", "2016年10月10日"),  # 哪年哪天: not jieba's 天开; 出席 a meeting dates it
        ("哪一年基本实现现代化？", "二〇三五年基本实现现代化"),  # a year in Chinese numerals
        # A short sentence in the speech whose title names the study session: the title's words count for it.
        ("第一次集体学习的讲话里，习近平从几个方面讲了意见？", "我从3个方面再讲些意见"),
    ):
        result = searcher.search(question, k=5)
        assert not result.no_answer and any(answer in h.passage.text for h in result.hits), question
    assert searcher.search("辽宁2022年城镇居民人均可支配收入是多少元？", k=5).no_answer  # the text gives its growth only


def test_a_date_asked_of_an_articles_occasion_is_answered_by_its_date_line(searcher):
    result = searcher.search("二十届中央政治局第一次集体学习是哪一天举行的？", k=5)
    assert not result.no_answer and any("(2022年10月25日)" in h.passage.text for h in result.hits)
    # The lead that dates the speech comes first, above the plenary's opening date in another passage.
    assert "9日上午" in searcher.search("习近平在二十届中央纪委二次全会上的讲话是哪一天？", k=5).hits[0].best_sentence
    # 几号 asks the day of the month, as 哪天 does.
    assert "9日上午" in searcher.search("习近平在中央纪委二次全会上的讲话是几号？", k=5).hits[0].best_sentence
    # Asked in everyday words too: the title of Xi's speech holds 中央纪委 and 全会, so the lead's 讲话 and 9日上午 tell.
    assert "9日上午" in searcher.search("习近平什么时候在中央纪委全会上讲话？", k=5).hits[0].best_sentence
    # The government work report's date line says when the report was given, not when the session closed.
    result = searcher.search("辽宁省第十四届人民代表大会第一次会议是哪天闭幕的？", k=5)
    assert result.no_answer and "闭幕" in result.why_not_found
    # Asked in English too (Liaoning is found beside People's Congress), while its opening date is answered.
    result = searcher.search("When did the first session of the 14th Liaoning People's Congress close?", k=5)
    assert result.no_answer and "结束" in result.why_not_found
    assert not searcher.search("When did the provincial education work conference take place?", k=5).no_answer


def test_this_year_and_last_year_are_the_report_s_own(searcher):
    # The report is dated 2023: its 今年 is 2023 (三、2023年重点工作), its 去年 2022 (一、2022年和过去五年工作).
    assert "45万人" in searcher.search("今年辽宁计划新增城镇就业多少人？", k=5).hits[0].best_sentence
    assert "46.2万人" in searcher.search("去年辽宁城镇新增就业多少人？", k=5).hits[0].best_sentence


def test_a_date_asked_of_a_meeting_held_is_given_by_any_word_for_holding_it(searcher):
    # The communique says the plenary was 举行 (held), Xi's speech that it 开幕 (opened); the question says 召开.
    result = searcher.search("二十届中央纪委二次全会是什么时候召开的？", k=5)
    assert not result.no_answer
    assert "于2023年1月9日至10日在北京举行" in result.hits[0].best_sentence or "于1月9日在北京开幕" in result.hits[0].best_sentence
    # A study session is 进行 (held): its date comes before the passage naming who spoke at it.
    result = searcher.search("政治局第二次集体学习是哪天举行的？", k=5)
    assert "1月31日" in result.hits[0].best_sentence


def test_the_passage_that_gives_the_asked_date_or_count_comes_first(searcher):
    # Without the answer's kind, passages about the same meeting that give no date or count came first.
    result = searcher.search("省委常委班子民主生活会在哪一天召开？", k=5)
    assert "1月31日" in result.hits[0].best_sentence
    result = searcher.search("述职评议会上一共有几位市委书记发言？", k=5)
    assert "14位市委书记" in result.hits[0].best_sentence
    # Which N things: the passage that lists that many of the kind asked (it stood fourth and second).
    result = searcher.search("Which three kinds of awareness did Xi ask discipline inspection and supervision officials to strengthen?", k=5)
    assert "法治意识、程序意识、证据意识" in result.hits[0].best_sentence
    result = searcher.search("常委班子要增强哪三种本领？", k=5)
    assert "推动高质量发展本领、服务群众本领、防范化解风险本领" in result.hits[0].best_sentence
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)



def test_an_english_count_is_found_in_the_long_passage_the_keyword_leg_ranks_below_its_first(searcher):
    # 党的二十大报告从12个方面…作出部署 stands in a long passage the fusion ranked far below the five best, none of
    # which gives a count: the question was "not found". (laid is lay's past: lay out, 部署.)
    result = searcher.search("The report to the 20th Party Congress laid out work plans in how many areas?", k=5)
    assert not result.no_answer and "从12个方面对各领域各方面工作作出部署" in result.hits[0].best_sentence
    # Asked with the speech's occasion, a sentence of many of the question's words but no count (一分部署、九分落实)
    # holds more of their weight than the count's: three quarters of it is enough (COUNTED_SHARE).
    result = searcher.search("As Xi pointed out in his Politburo study speech, in how many areas does the report to the 20th Party Congress lay out work deployments?", k=5)
    assert not result.no_answer and "从12个方面对各领域各方面工作作出部署" in result.hits[0].best_sentence
    # A count of another meeting (127 members at the CCDI plenary) does not answer an attendance never given.
    assert searcher.search("How many people attended the 2023 provincial education work conference?", k=5).no_answer

def test_a_saying_asked_for_is_found_in_the_passage_that_quotes_it(searcher):
    # Long passages of many topics: by their words they stood fourth and outside the five best.
    result = searcher.search("What slogan does Liaoning use for its consumption campaign?", k=5)
    assert "“乐购辽宁·惠享美好”" in result.hits[0].passage.text
    result = searcher.search("What saying did Hao Peng use about Party secretaries and Party building?", k=5)
    assert any("“抓好党建是本职、不抓党建是失职、抓不好党建是不称职”" in h.passage.text for h in result.hits)


def test_a_question_in_everyday_words_gets_the_passage_of_its_meaning_first(searcher):
    # 篮球队 and 成绩 are not the text's words (男篮再夺CBA联赛总冠军), while 成绩 and 辽宁 light up the report's
    # "这些成绩的取得…": no sentence holds the question's words together, so the meaning leg's first passage leads.
    result = searcher.search("辽宁篮球队去年成绩怎么样？", k=5)
    assert "男篮再夺CBA联赛总冠军" in result.hits[0].passage.text
    # 几个 in a question asking yes or no is "a few", no count asked: it was wrongly "not found" (no count of 新提法).
    result = searcher.search("学习二十大报告，只记住几个新概念新提法行不行？", k=5)
    assert not result.no_answer and "学习不能仅停留在记住一些概念和提法" in result.hits[0].passage.text


def test_a_numbered_occasion_named_by_its_title_and_a_count_of_a_shorter_name_are_answered(searcher):
    # 二次 stands only in the title above Xi's speech (…二十届中央纪委二次全会上…): it was "not found" for naming it.
    result = searcher.search("二十届中纪委二次全会上，习近平说政治监督要在哪几个“化”上下功夫？", k=5)
    assert not result.no_answer and "具体化、精准化、常态化" in result.hits[0].passage.text
    # The text counts 927个高频刚需事项 (no 政务): one of the nouns before the counted thing is enough.
    result = searcher.search("2022年有多少个高频刚需政务事项实现了掌上办？", k=5)
    assert not result.no_answer and "927" in result.hits[0].passage.text
    assert searcher.search("二十届中央纪委三次全会上，政治监督要在哪几个“化”上下功夫？", k=5).no_answer


def test_the_meaning_legs_second_passage_is_shown_beside_its_first(searcher):
    # 后台 and 对待 light up other passages; e5 ranks Xi's 严厉打击那些所谓"有背景"的"政治骗子" second, nearly as high
    # as its first, which is shown: it takes fifth place, still in score order.
    result = searcher.search("到处说自己有后台的人应该怎么对待？", k=5)
    assert any("政治骗子" in h.passage.text for h in result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_hits_come_best_first_with_their_sources(searcher):
    result = searcher.search("全面从严治党体系应当是一个什么样的系统？", k=5)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True) and len(scores) == 5
    top = result.hits[0].passage
    assert top.article == "习近平总书记在二十届中央纪委二次全会上的重要讲话精神"
    assert top.issue == "2023年第二期（总第94期）" and 1 <= top.paragraph <= top.paragraph_count


def test_the_article_filter_keeps_only_the_chosen_articles(searcher):
    title = "2023年省第十四届人民代表大会政府工作报告"
    result = searcher.search("中国式现代化", k=5, articles=[title])
    assert len(result.hits) == 5 and {h.passage.article for h in result.hits} == {title}


def test_neighbours_are_the_paragraphs_around_a_passage(searcher):
    passage = searcher.search("刻舟求剑、守株待兔", k=1).hits[0].passage
    before, after = searcher.neighbours(passage.id)
    assert [p.position for p in before] == [passage.position - 1]
    assert [p.position for p in after] == [passage.position + 1]
    assert {p.article for p in before + after} == {passage.article}
    # At an article's edges the neighbours stop: nothing before its first passage or after its last.
    first = next(i for i, p in enumerate(searcher.passages) if p.position == 0 and i > 0)
    before, after = searcher.neighbours(searcher.passages[first].id, before=2, after=2)
    assert before == [] and [p.position for p in after] == [1, 2]
    before, after = searcher.neighbours(searcher.passages[first - 1].id, before=2, after=2)
    assert after == [] and {p.article for p in before} == {searcher.passages[first - 1].article}


def test_bad_questions_get_a_message(searcher):
    with pytest.raises(QuestionError):
        searcher.search("   ")
    assert "只按前" in searcher.search("长" * 5000).notice  # cut, with a notice, not refused
    # Odd characters are searched, not crashed on.
    assert searcher.search("\ufeff<script>alert(1)</script> 🙂 \u200b？", k=3).hits is not None
