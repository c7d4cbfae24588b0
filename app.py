"""The web chat: ask a question, see the passages of the collection that answer it, with their sources.

python app.py [--host 127.0.0.1] [--port 7860] [-k 5] [--corpus-dir corpus] [--index-dir index] [--model NAME]
              [--queue-size 64] [--auth-user NAME]   (login password: RAG_AUTH_PASSWORD)
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Callable

from rag import present
from rag.config import Settings, add_options, load_settings
from rag.errors import IndexCorruptError, IndexMismatchError, QuestionError, RagError
from rag.search import printable

if TYPE_CHECKING:
    import gradio as gr

    from rag.search import Searcher

TITLE = "学习资料问答 · 原文检索"
INTRO = "输入问题，查看资料中回答它的原文段落及其出处。本系统只展示原文，不生成文字。"
PLACEHOLDER = "请输入问题，例如：中国式现代化有哪些中国特色？"
EXAMPLES = [
    "党的二十大报告概括了中国式现代化哪几个方面的中国特色？",
    "全面从严治党体系应当是一个什么样的系统？",
    "2022年辽宁地区生产总值增长了多少？",
    "How many kilometres of rural roads does Liaoning plan to build or upgrade in 2023?",
]
MAX_PASSAGES = 20
RELOAD_FAILED = "新建的索引无法加载，仍使用之前的索引回答。(The newly built index cannot be loaded; the previous one keeps answering.)"
# Index errors the chat survives: it shows them and loads the next build published.
UNUSABLE_INDEX = (IndexCorruptError, IndexMismatchError)
INDEX_BROKEN = "索引无法使用，请维护者重新建立索引（python -m rag.build）。(The index cannot be used; rebuild it.)"
SEARCH_FAILED = "检索出错，请稍后再试。(The search failed; please try again later.)"
log = logging.getLogger("rag.app")
# Gradio scrolls a chat to its bottom, i.e. to the last card of a long reply; the reader wants the question
# and the first card. This scrolls the chat's own box (not the page) to the newest question (or reply).
SHOW_NEWEST_REPLY = """() => setTimeout(() => {
  const replies = document.querySelectorAll('#chat .ev-reply');
  const reply = replies[replies.length - 1];
  const row = reply && reply.closest('.message-row');
  const asked = row && row.previousElementSibling;
  const target = asked && asked.classList.contains('user-row') ? asked : reply;
  let box = reply && reply.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  if (box) box.scrollTop += target.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
}, 60)"""


def reply_to(searcher: Searcher, question: str, history: list, k: int, articles: list[str] | None) -> list:
    """The chat history with the question and its reply added: evidence cards, "not found", or what is wrong."""
    history = list(history or [])
    if printable(question):
        history.append({"role": "user", "content": present.format_question(question)})
    try:
        result = searcher.search(question, k=int(k), articles=articles or None)
        reply = present.format_reply(result, searcher.neighbours)
    except QuestionError as err:
        reply = present.format_error(str(err))
    except Exception:  # noqa: BLE001 - the reader gets one plain line, the maintainer the traceback in the log
        log.exception("search failed for a question of %d characters", len(question or ""))
        reply = present.format_error(SEARCH_FAILED)
    history.append({"role": "assistant", "content": reply})
    return history


def article_titles(searcher: Searcher) -> list[str]:
    """The titles the reader may narrow the search to, in reading order."""
    return list(dict.fromkeys(entry.title for entry in present.collection_articles(searcher.passages)))


def passage_count_slider(most: int, value: int) -> "gr.Slider":
    """The 显示段落数 slider (1..most). A k sent through the API that is not a number is refused with a
    message: gr.Slider compares it with its range as it is, and the reader would get Gradio's bare "error"."""
    import gradio as gr

    slider = gr.Slider(1, most, value=value, step=1, label="显示段落数", elem_id="top-k")
    check_range = slider.preprocess

    def preprocess(payload):
        try:
            number = float(payload)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            raise gr.Error(f"显示段落数须为 1 到 {most} 之间的数字。(The number of passages must be a number from 1 to {most}.)")
        return check_range(number)

    # Set on this slider, not in a subclass: Gradio writes a .pyi stub beside the module of every component
    # subclass, at every start.
    slider.preprocess = preprocess
    return slider


def create_demo(searcher: Searcher | SearcherLoader, settings: Settings) -> gr.Blocks:
    """The chat page. `searcher` may still be loading (a SearcherLoader): the page is served meanwhile and waits
    for it; an index it cannot load is shown as an error banner, in the panel and in every reply."""
    import gradio as gr  # here, not at the top: main() starts loading the model before gradio is imported

    ready: Callable[[], Searcher] = searcher.result if isinstance(searcher, SearcherLoader) else (lambda: searcher)

    most = max(MAX_PASSAGES, settings.top_k)

    def ask(question: str, history: list, k: int, articles: list[str] | None):
        try:
            searcher = ready()
        except UNUSABLE_INDEX as err:
            return [*(history or []), {"role": "assistant", "content": present.format_error(f"{INDEX_BROKEN} {err}")}], question
        searcher.refresh()  # live reload: an index published since the last question answers this one
        # The slider has already refused a k outside 1..most, or not a number, with a message (passage_count_slider).
        return reply_to(searcher, question, history, min(max(int(k), 1), most), articles), ""

    def describe_collection(shown: str):
        """The collection panel and the article titles, redrawn when the index in use changed since `shown`."""
        try:
            loaded = ready()
        except UNUSABLE_INDEX as err:
            return gr.update(choices=[]), present.format_error(f"{INDEX_BROKEN} {err}"), f"broken|{err}"
        loaded.refresh()
        now = f"{loaded.index.folder.name}|{loaded.reload_error}"
        if now == shown:
            return gr.skip(), gr.skip(), shown
        panel = present.collection_panel(loaded.passages, loaded.index.manifest)
        if loaded.reload_error:
            panel = present.format_error(f"{RELOAD_FAILED} {loaded.reload_error}") + panel
        return gr.update(choices=article_titles(loaded)), panel, now

    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}\n{INTRO}")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="检索结果", height=640, latex_delimiters=[], layout="panel", elem_id="chat", autoscroll=False,
                    placeholder="答案来自资料原文：每段都注明出处，问题中的词语以高亮标出。", feedback_options=None,
                )
                with gr.Row():
                    question = gr.Textbox(placeholder=PLACEHOLDER, show_label=False, max_length=2000, scale=6, elem_id="question")
                    send = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="send")
                examples = gr.Examples(EXAMPLES, inputs=[question], label="示例问题")
            with gr.Column(scale=1, min_width=260):
                top_k = passage_count_slider(most, settings.top_k)
                # The titles arrive with the index (describe_collection, on page load), so they can't be the
                # choices Gradio checks a value against; a title the collection lacks simply finds nothing.
                articles = gr.Dropdown(choices=[], value=[], multiselect=True, allow_custom_value=True,
                                       label="限定文章", info="不选则检索全部文章", elem_id="articles")
                gr.ClearButton([chatbot, question], value="清空对话", elem_id="clear")
                with gr.Accordion("资料库", open=True):
                    collection_html = gr.HTML(present.LOADING, elem_id="collection")
        shown_index = gr.State("")  # which index (and reload error) this page's panel describes
        describing = dict(fn=describe_collection, inputs=[shown_index], outputs=[articles, collection_html, shown_index], api_visibility="private")

        # One queue for every way of asking: searches run one at a time (2 cores; the search core is not
        # promised to be thread-safe).
        asking = dict(fn=ask, inputs=[question, chatbot, top_k, articles], outputs=[chatbot, question], concurrency_id="ask")
        for asked in (
            question.submit(**asking, api_name="ask"),
            send.click(**asking, api_visibility="private"),
            examples.load_input_event.then(**asking, api_visibility="private"),
        ):
            asked.then(None, js=SHOW_NEWEST_REPLY)
            asked.then(**describing, show_progress="hidden")  # a reload shows its new build time
        demo.load(**describing)
    # Bounded: beyond queue_size waiting questions a reader is told at once that the chat is busy (Gradio's
    # "currently busy, please try again"), instead of waiting without end.
    demo.queue(default_concurrency_limit=1, max_size=settings.queue_size)
    return demo


def serve(demo: gr.Blocks, host: str, port: int, **options):
    """Start the server with the chat's styles; further options go to Blocks.launch."""
    return demo.launch(server_name=host, server_port=port, css=present.CSS, footer_links=["api"], **options)


def login(settings: Settings) -> tuple[str, str] | None:
    """Gradio's auth pair when a login is configured, else None; half a login is refused, not ignored."""
    if bool(settings.auth_user) != bool(settings.auth_password):
        raise RagError("a login needs both RAG_AUTH_USER (or --auth-user) and RAG_AUTH_PASSWORD; set both or neither")
    return (settings.auth_user, settings.auth_password) if settings.auth_user else None


class SearcherLoader:
    """The chat's Searcher, loaded on a thread of its own so the page is up sooner.

    An index that cannot be loaded (damaged, or made by another model) does not stop the chat: the page says
    what is wrong and how to fix it, and once a new build is published the next question loads it.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self._lock = threading.Lock()
        self._pending = self._start()

    def _start(self) -> Future:
        from rag.index import published_build
        from rag.search import open_searcher

        pending: Future = Future()
        self._tried = published_build(self.settings.index_dir)  # the build this attempt loads

        def load() -> None:
            try:
                pending.set_result(open_searcher(self.settings, build_if_needed=True, progress=True))  # a first build shows its bar
            except BaseException as err:  # noqa: BLE001 - handed to whoever waits on the result
                pending.set_exception(err)

        threading.Thread(target=load, name="open-searcher", daemon=True).start()
        return pending

    def result(self) -> Searcher:
        """The Searcher, once loaded; the error that stops it, after one more try when a new build is published."""
        from rag.index import published_build

        with self._lock:
            failed = self._pending.done() and isinstance(self._pending.exception(), UNUSABLE_INDEX)
            if failed and published_build(self.settings.index_dir) != self._tried:
                self._pending = self._start()
            pending = self._pending
        return pending.result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python app.py", description="Serve the retrieval chat.")
    add_options(parser, "host", "port", "top_k", "corpus_dir", "index_dir", "model", "model_cache", "queue_size", "auth_user")
    args = parser.parse_args(argv)
    # The libraries' own warnings (model revisions, hub look-ups) would bury our one-line messages.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    logging.getLogger("rag").setLevel(logging.WARNING)
    settings = load_settings(args)
    demo = None
    try:
        auth = login(settings)
        loader = SearcherLoader(settings)
        demo = create_demo(loader, settings)
        serve(demo, settings.host, settings.port, prevent_thread_lock=True, auth=auth)
        print("正在加载模型与索引…… (loading the model and the index)", flush=True)
        loader.result()
    except UNUSABLE_INDEX as err:
        # The page stays up and shows this too; the next build published is loaded by the next question.
        print(f"error: {_one_line(err)} (the chat keeps running and shows this; it loads the index once rebuilt)", file=sys.stderr, flush=True)
    except BaseException as err:
        if demo is not None:
            demo.close(verbose=False)  # the server thread would keep the process alive
        if isinstance(err, KeyboardInterrupt):
            return 130
        if not isinstance(err, (RagError, OSError)):
            raise
        print(f"error: {_one_line(err)}", file=sys.stderr)
        return 1
    else:
        print("已就绪，可以提问。 (ready)", flush=True)
    demo.block_thread()
    return 0


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


if __name__ == "__main__":
    sys.exit(main())
