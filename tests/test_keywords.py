"""The keyword leg: jieba with set phrases and stop words, BM25 saved without pickle."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.keywords import ABBREVIATION_WEIGHT, ANY_OF, TOKENIZER_VERSION, KeywordIndex, KeywordTokenizer, quoted_terms
from rag.text import shipped_data


def test_set_phrases_stay_whole_and_keep_their_parts():
    tokens = KeywordTokenizer().tokenize("坚定拥护“两个确立”，推进中国式现代化")
    assert "两个确立" in tokens and "中国式现代化" in tokens
    assert "现代化" in tokens  # the parts still match passages that use them alone


def test_jiebas_dictionary_cache_missing_damaged_or_present_gives_the_same_tokens(tmp_path, monkeypatch):
    text = "坚持以人民为中心的发展思想，推动高质量发展，2023年地区生产总值增长5%以上"
    expected = KeywordTokenizer().tokenize(text)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = tmp_path / "xuexi-rag" / "jieba" / "jieba.cache"
    assert KeywordTokenizer().tokenize(text) == expected  # no cache yet: jieba builds the dictionary and writes it
    assert cache.stat().st_size > 1_000_000
    assert KeywordTokenizer().tokenize(text) == expected  # read from the cache
    for damage in (b"", b"\x00garbage" * 100, cache.read_bytes()[:5000]):
        cache.write_bytes(damage)
        assert KeywordTokenizer().tokenize(text) == expected
        assert cache.stat().st_size > 1_000_000  # built again and rewritten


def test_question_words_and_function_words_are_left_out():
    tokens = KeywordTokenizer().tokenize("党的二十大报告概括了中国式现代化哪几个方面的中国特色？")
    assert not {"的", "了", "哪", "几个", "？"} & set(tokens)
    assert "中国特色" in tokens or "特色" in tokens
    # How the question says a thing was said, and a demonstrative with its measure word, are no content.
    tokens = KeywordTokenizer().question_tokens("追责这件事公报说既不能太软也不能乱用，原话怎么讲的？")
    assert not {"这件", "说", "原话", "讲"} & set(tokens) and {"追责", "公报", "乱用"} <= set(tokens)


def test_an_edit_of_the_stop_words_or_set_phrases_changes_the_tokenizer_version():
    # Every index manifest holds it: an index tokenized with other stop words or set phrases is rebuilt.
    shipped = shipped_data("stopwords.txt") + shipped_data("set_phrases.txt")
    assert TOKENIZER_VERSION.endswith("-" + hashlib.sha256(shipped).hexdigest()[:12])


def test_the_parts_of_a_questions_asking_words_are_not_searched():
    tok = KeywordTokenizer()
    assert "一天" in tok.tokenize("讲话是哪一天？")  # jieba's search mode yields the part of 哪一天
    assert tok.question_tokens("讲话是哪一天？") == ["讲话"] and tok.question_tokens("哪一年制定的？") == ["制定"]
    assert "一天" in tok.question_tokens("会议开了一天，讲话是哪一天？")  # a word of its own there: kept
    assert tok.question_tokens("全会是什么时候召开的？") == ["全会", "召开"]  # jieba cuts 什么时候 as 什么 / 时候
    index = KeywordIndex.build(["会议用了一天时间。", "讲话于10月25日发表。"], tok)
    assert list(index.query("讲话是哪一天？").weights) == ["讲话"]


def test_numbers_match_with_or_without_extraction_spaces():
    tok = KeywordTokenizer()
    assert "5000" in tok.tokenize("建设改造农村公路 5000 公里") and "5000" in tok.tokenize("农村公路5000公里")
    assert tok.tokenize("２０２３年") == tok.tokenize("2023 年")


def test_quoted_terms_of_the_collection_become_phrases():
    terms = quoted_terms(["大力处置城市“烂尾楼”，打造“书香辽宁”。他说：“这是一句很长的引文，不算词语。”"])
    assert terms == ["书香辽宁", "烂尾楼"]
    assert "书香辽宁" in KeywordTokenizer(terms).tokenize("打造书香辽宁品牌")


def test_bm25_finds_ranks_saves_and_loads(tmp_path):
    texts = ["全年地区生产总值增长2.1%", "粮食总产量496.9亿斤，创历史新高", "坚持和发展新时代“枫桥经验”"]
    index = KeywordIndex.build(texts, KeywordTokenizer(quoted_terms(texts)))
    assert index.scores(index.query("粮食总产量是多少")).argmax() == 1
    assert not index.scores(index.query("完全无关的词汇")).any()
    index.save(tmp_path / "kw")
    assert not list((tmp_path / "kw").glob("*.pkl"))
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert loaded.scores(loaded.query("枫桥经验")).argmax() == 2
    assert list(loaded.scores(loaded.query("粮食"))) == list(index.scores(index.query("粮食")))
    assert loaded.idf(["粮食", "创历史新高", "不存在"])["不存在"] > loaded.idf(["粮食"])["粮食"] > 0


def test_the_saved_keyword_index_does_not_depend_on_the_hash_seed(tmp_path):
    """Two builds of one collection write the same files (vocabulary and English lexicon in a fixed order)."""
    code = ("import sys; from pathlib import Path; from rag.keywords import KeywordIndex, KeywordTokenizer; "
            "texts = ['沈阳社区党员的衣服上写着为人民服务', '推进中国式现代化，发展数字经济', '全年粮食总产量496.9亿斤']; "
            "KeywordIndex.build(texts, KeywordTokenizer()).save(Path(sys.argv[1]))")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / seed)], env=env, check=True, timeout=120,
                       cwd=Path(__file__).resolve().parents[1])
    files = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert "english.json" in files and "vocab.index.json" in files
    assert all((tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes() for name in files)


def test_a_name_jieba_glues_to_the_next_character_is_still_searched():
    texts = ["中央纪律检查委员会书记李希主持会议", "丁薛祥、李希出席", "省委书记郝鹏主持会议并讲话"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("李希是什么职务？")
    assert "李希是" in query.weights and "李希" in query.weights  # jieba's guess, and the name the passages hold
    assert set(np.flatnonzero(index.scores(query))) == {0, 1}
    assert "李希" in query.highlights  # and the reader sees it marked


def test_an_english_word_in_a_chinese_question_is_searched_by_its_chinese_words():
    texts = ["全年地区生产总值增长2.1%", "粮食总产量496.9亿斤", "采取央地合作、PPP等多种模式"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("2022年辽宁GDP增长了多少？")
    assert "生产总值" in query.weights and "生产总值" in query.highlights
    assert "gdp" not in query.weights  # the translation stands for it: no sentence holds "gdp" to count its weight
    assert index.scores(query).argmax() == 0
    # A word the passages hold as it is (PPP) is searched as it is, not translated.
    assert set(index.query("PPP模式是什么？").weights) == {"ppp", "模式"}


def test_an_abbreviation_finds_the_full_name_the_text_writes_and_the_other_way_round():
    texts = ["中央纪律检查委员会第二次全体会议于1月9日在北京开幕", "全会审议通过了工作报告", "省人民代表大会第一次会议"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("中央纪委全会是哪天开幕的？")
    assert query.weights["中央纪律检查委员会"] == query.weights["全体会议"] == ABBREVIATION_WEIGHT < query.weights["全会"]
    assert "中央纪律检查委员会" in query.highlights and index.scores(query).argmax() == 0
    assert index.query("人民代表大会什么时候召开？").weights.get("人大") is None  # only words the passages hold
    assert index.query("全体会议审议了什么？").weights["全会"] == ABBREVIATION_WEIGHT


def test_a_statistic_named_in_everyday_words_finds_its_official_name():
    texts = ["全年地区生产总值增长2.1%，居民消费价格上涨2%", "突出做好稳就业、稳物价工作", "城乡居民人均可支配收入增长2.2%"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("去年物价涨了多少？")
    # 居民消费价格 is no word of the index: its words are searched, at the abbreviations' weight.
    assert query.weights["居民"] == query.weights["消费"] == query.weights["价格"] == ABBREVIATION_WEIGHT < query.weights["物价"]
    assert "价格" in query.highlights and index.scores(query).argmax() == 0
    assert "物价" not in index.query("居民消费价格上涨了多少？").weights  # the official name is not widened


def test_everyday_words_find_the_words_of_the_official_register():
    texts = ["推动异地就医直接结算，方便群众看病就医", "领导干部要严管亲属子女", "全年地区生产总值增长2.1%"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("老百姓在外地看病麻烦怎么办？")
    # 外地看病 -> 异地就医 (searched by its words), 看病 -> 就医; 老百姓 -> 群众, 人民群众 (人民 群众), 居民 (not held here):
    # each everyday word's weight is shared among its names the index holds.
    assert query.weights["异地"] == query.weights["就医"] == ABBREVIATION_WEIGHT
    assert query.weights["群众"] == ABBREVIATION_WEIGHT / 2 and "居民" not in query.weights
    assert {"就医", "异地"} <= set(query.highlights) and index.scores(query).argmax() == 0
    # 当官的 is no jieba word: an everyday word of two characters or more is found anywhere in the question.
    assert index.query("当官的家属怎么管？").weights["干部"] == ABBREVIATION_WEIGHT / 2
    # More of the register, by a helper that read only the collection: 买车 -> 汽车 汽车下乡 以旧换新, 死人 -> 死亡 零死亡.
    index = KeywordIndex.build(["推动消费提质扩容", "开展汽车下乡、以旧换新活动", "实现因灾零死亡"], KeywordTokenizer())
    assert index.scores(index.query("农村买车有什么鼓励政策？")).argmax() == 1
    assert index.scores(index.query("去年发大水有没有死人？")).argmax() == 2
    # A fourth helper's: 招摇撞骗 -> 政治骗子 有背景 (严厉打击那些所谓“有背景”的“政治骗子”).
    index = KeywordIndex.build(["加强干部监督管理", "严厉打击那些所谓“有背景”的“政治骗子”", "打击电信网络诈骗"], KeywordTokenizer())
    assert index.scores(index.query("到处招摇撞骗的人怎么处理？")).argmax() == 1
    # Read from fresh questions that found nothing: 大水 -> 洪涝, 伤亡 -> 零死亡, 穷回去 -> 返贫, 搭帐篷 -> 露营.
    index = KeywordIndex.build(["战胜历史罕见的洪涝灾害，防灾救灾实现“零死亡”", "坚决防止出现规模性返贫",
                                "推进自驾、露营等新兴旅游创新发展", "全年地区生产总值增长2.1%"], KeywordTokenizer())
    assert index.scores(index.query("去年那场大水有人员伤亡吗？")).argmax() == 0
    assert index.scores(index.query("脱贫的人家会不会又穷回去？")).argmax() == 1
    assert index.scores(index.query("开车出去玩、搭帐篷过夜，政府支持吗？")).argmax() == 2
    # An average per year as the reports write it: 平均每年 -> 年均.
    index = KeywordIndex.build(["五年来地区生产总值年均增长3.9%", "全年地区生产总值增长2.1%"], KeywordTokenizer())
    query = index.query("过去五年平均每年增长多少？")
    assert query.weights["年均"] == ABBREVIATION_WEIGHT and index.scores(query).argmax() == 0


def test_a_number_of_an_english_question_is_also_searched_as_the_text_writes_it():
    texts = ["举行二十届中央政治局第一次集体学习", "城镇调查失业率控制在5.5%左右", "全年地区生产总值增长2.1%"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("What did the 20th Politburo study?")
    assert {"20", "二十"} <= set(query.weights) and index.scores(query).argmax() == 0
    assert "二千零二十二" not in str(index.query("What grew in 2022?").weights)  # years and rates stay digits
    assert set(index.query("Why 5.5%?").weights) >= {"5.5%"}
    # Thousands separators: 10,000 is one number (not 10 and 000), which the text writes 万.
    weights = index.query("How many patents per 10,000 people?").weights
    assert {"10000", "万"} <= set(weights) and "000" not in weights


def test_a_single_chinese_character_is_marked_only_when_the_question_has_no_longer_word():
    texts = ["全年地区生产总值增长2.1%", "省委常委班子用一整天时间召开民主生活会", "全面从严治党，党员干部要带头"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("民主生活会开了多久？")
    assert "开" in query.weights and query.highlights == ["民主生活会"]  # 开 is searched, not marked in 召开
    assert "年" in index.query("2022年增长了多少？").weights and "年" not in index.query("2022年增长了多少？").highlights
    assert index.query("党是什么？").highlights == ["党"]  # the question's only word


def test_a_letter_glued_to_a_number_is_not_translated(searcher):
    keywords = searcher.index.keywords
    assert keywords.lexicon.translate("c") == [["丁"]]  # CC-CEDICT's "C" (a grade), a word of the collection
    assert "丁" not in keywords.query("C919大飞机和5G怎么样？").weights  # the C of C919 is no English word


def test_scores_read_from_the_sparse_matrix_equal_bm25s_own_scoring(searcher):
    keywords = searcher.index.keywords
    bm25, vocab = keywords._bm25, keywords._bm25.vocab_dict
    query = keywords.query("2022年辽宁地区生产总值增长了多少？")
    expected = sum(w * bm25.get_scores([t]) for t, w in query.weights.items() if t in vocab)
    assert keywords.scores(query).any()
    assert keywords.scores(query) == pytest.approx(expected, rel=1e-5, abs=1e-6)
    # An English question: each set of alternatives is one term, the best-matching word's term frequency part
    # (bm25s's score over its idf) times the idf of the passages that hold any of them.
    query = keywords.query("How many kilometres of rural roads will Liaoning build?")
    n = len(searcher.passages)
    idf = lambda held: np.log(1 + (n - held + 0.5) / (held + 0.5))
    expected = np.zeros(n)
    for words in query.alternatives:
        parts = [bm25.get_scores([w]) / idf(np.count_nonzero(bm25.get_scores([w]))) for w in words if w in vocab]
        if parts:
            best = np.max(parts, axis=0)
            expected += idf(np.count_nonzero(best)) * best
    assert len(query.alternatives) >= 3 and keywords.scores(query).any()
    assert keywords.scores(query) == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_a_rare_wrong_translation_counts_no_more_than_the_common_right_one():
    # CC-CEDICT gives "report" as 报告 and as 申报 (to declare); 申报 is the rarer word here. Shared out as weights,
    # its passage came first; as alternatives of one English word, each passage holds the word once.
    texts = ["报告项目", "报告工作", "报告情况", "申报项目", "粮食产量"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("What does the report say?")
    assert {"报告", "申报"} <= set(query.alternatives[0])
    scores = index.scores(query)
    assert scores[0] == pytest.approx(scores[3]) and scores[4] == 0


def test_what_the_collection_writes_in_latin_letters_is_searched_as_written_in_an_english_question():
    texts = ["PM2.5平均浓度下降", "空气质量优良天数比例", "加快5G基站建设"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("What was the average PM2.5 level?")
    assert ("pm2.5",) in query.alternatives
    assert index.scores(query).argmax() == 0
    assert ("5g",) in index.query("How many 5G base stations?").alternatives


def test_a_number_a_hyphen_glues_to_a_word_is_part_of_a_name():
    # COVID-19's 19 is no number the text writes (十九大 is not about it): the name is searched as the text writes it.
    texts = ["全面贯彻党的十九大精神", "落实好新冠病毒感染“乙类乙管”各项举措"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("How will Liaoning handle COVID-19 now?")
    assert "19" not in query.weights and "十九" not in query.weights
    assert index.scores(query).argmax() == 1
    assert "2022" in index.query("How much did it grow in 2022?").weights


def test_an_english_words_translations_weigh_as_one_term_when_a_sentence_is_judged():
    texts = ["报告项目", "报告工作", "报告情况", "申报项目", "粮食产量"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("What does the report say about grain?")
    terms = index.alternatives_weights(query.alternatives)
    report = next(term for term in terms if "报告" in term.split(ANY_OF))
    assert "申报" in report.split(ANY_OF)
    # The idf of the passages holding any of them (four of five), as the keyword leg scores the term.
    assert terms[report] == pytest.approx(np.log(1 + (5 - 4 + 0.5) / (4 + 0.5)))
    assert index.alternatives_weights(()) == {}


def test_cities_and_provinces_are_read_as_places():
    tokenizer = KeywordTokenizer()
    # jieba's own tags are unreliable for places (大连 d, 营口 vn, 铁岭 nr); a city the dictionary lists with 市 is one.
    assert tokenizer.places("锦州今年地区生产总值目标是多少？") == ["锦州"]
    assert tokenizer.places("大连市、营口和铁岭") == ["大连", "营口", "铁岭"]
    assert tokenizer.places("辽宁省2022年粮食总产量") == ["辽宁"]
    # Words the dictionary also lists with 省 or 市 are no places: 产业省, 北方省, 各省市.
    assert tokenizer.places("推进产业发展，北方地区各省市") == []
    assert not tokenizer.may_be_name("铁岭")  # a place, not a person


def test_an_english_question_also_searches_the_word_its_neighbouring_translations_make():
    # "governing the country" translates word by word to 治 and 国, which the passages hold only joined, as 治国.
    texts = ["治国必先治党，党兴才能国强", "国家治理体系和治理能力现代化", "加强国有企业治理", "难题治在基层"]
    index = KeywordIndex.build(texts, KeywordTokenizer())
    query = index.query("What did Xi say about governing the country?")
    assert ("治国",) in query.alternatives
    assert index.scores(query).argmax() == 0
