"""The chat in a real Chromium: cards, highlights, context, filter, English, "not found", clearing, examples."""

import pytest

from chat_page import ask, choose_article, open_chat, screenshot

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

QUESTION = "中国式现代化的中国特色有哪些？"
REPORT = "2023年省第十四届人民代表大会政府工作报告"


def test_the_page_loads_with_its_controls_and_the_collection(page, chat_url):
    open_chat(page, chat_url)
    assert page.get_by_text("学习资料问答").first.is_visible()
    assert page.locator("#question textarea").is_visible() and page.locator("#send").is_visible()
    assert page.locator("#top-k input[type=number]").input_value() == "5"
    panel = page.locator("#collection").inner_text()
    assert "共 1 期、9 篇文章" in panel and REPORT in panel and "索引建立于" in panel
    screenshot(page, "loaded")


def test_a_chinese_question_shows_cards_with_sources_highlights_and_context(page, chat_url):
    open_chat(page, chat_url)
    reply = ask(page, QUESTION)
    cards = reply.locator(".ev-card")
    assert cards.count() == 5
    first = cards.first
    assert "第" in first.locator(".ev-source").inner_text() and "段（共" in first.locator(".ev-source").inner_text()
    assert first.locator(".ev-rel").inner_text() in {"高相关", "中相关", "低相关"}
    assert "中国式现代化" in [m.inner_text() for m in reply.locator("mark").all()]
    context = first.locator("details.ev-context")
    assert not context.locator(".ev-ctx").first.is_visible()
    context.locator("summary").click()
    assert context.locator(".ev-ctx").first.is_visible() and context.locator(".ev-here").is_visible()
    screenshot(page, "chinese-question")


def test_a_new_reply_is_shown_from_its_first_card(page, chat_url):
    open_chat(page, chat_url)
    ask(page, QUESTION)
    reply = ask(page, "全面从严治党体系应当是一个什么样的系统？")
    expect(reply.locator(".ev-card").first).to_be_in_viewport()


def test_the_article_filter_keeps_every_card_in_the_chosen_article(page, chat_url):
    open_chat(page, chat_url)
    choose_article(page, REPORT)
    reply = ask(page, QUESTION)
    sources = [s.inner_text() for s in reply.locator(".ev-source").all()]
    assert len(sources) == 5 and all(s.startswith(REPORT) for s in sources)


def test_the_number_of_passages_can_be_changed(page, chat_url):
    open_chat(page, chat_url)
    page.locator("#top-k input[type=number]").fill("2")
    page.locator("#top-k input[type=number]").press("Enter")
    assert ask(page, QUESTION).locator(".ev-card").count() == 2


def test_an_english_question_shows_cards(page, chat_url):
    open_chat(page, chat_url)
    reply = ask(page, "How many kilometres of rural roads does Liaoning plan to build or upgrade in 2023?")
    # Shown as answers, not folded away as weak matches.
    assert reply.locator(".ev-card").count() >= 1 and reply.locator(".ev-card").first.is_visible()
    assert "段（共" in reply.locator(".ev-source").first.inner_text()
    screenshot(page, "english-question")


def test_who_gave_the_report_is_shown_in_the_source_line_with_the_post_marked(page, chat_url):
    open_chat(page, chat_url)
    reply = ask(page, "作政府工作报告的辽宁省省长是谁？")
    source = reply.locator(".ev-card").first.locator(".ev-source")
    assert "省长 李乐成" in source.inner_text()
    assert "省长" in [m.inner_text() for m in source.locator("mark").all()]
    screenshot(page, "byline")


def test_an_off_topic_question_says_not_found_and_offers_weak_matches_folded(page, chat_url):
    open_chat(page, chat_url)
    reply = ask(page, "如何做红烧肉？")
    assert "未找到相关段落" in reply.locator(".ev-not-found-note").inner_text()
    weak = reply.locator("details.ev-weak")
    assert "弱相关，仅供参考" in weak.locator(":scope > summary").inner_text()
    assert not weak.locator(".ev-card").first.is_visible()
    weak.locator(":scope > summary").click()
    assert weak.locator(".ev-card").first.is_visible()
    screenshot(page, "not-found")


def test_an_example_asks_its_question_and_clear_empties_the_chat(page, chat_url):
    open_chat(page, chat_url)
    page.get_by_text("How many kilometres", exact=False).first.click()
    page.locator("#chat .ev-reply").first.wait_for()
    page.locator("#clear").click()
    page.wait_for_function("() => document.querySelectorAll('#chat .ev-reply').length === 0")


def test_an_empty_question_gets_a_plain_message(page, chat_url):
    open_chat(page, chat_url)
    reply = ask(page, "   ")
    assert "请输入一个问题" in reply.inner_text()
