"""The web chat: ask a question, see the passages of the collection that answer it, with their sources.

python app.py [--host 127.0.0.1] [--port 7860] [--corpus-dir corpus] [--index-dir index] [--model NAME]
"""

from __future__ import annotations

import argparse
import logging
import sys

import gradio as gr

from rag.config import Settings, add_options, load_settings
from rag.errors import QuestionError, RagError
from rag.present import escape, format_reply
from rag.search import Searcher, open_searcher

EXAMPLES = [
    "党的二十大报告概括了中国式现代化哪几个方面的中国特色？",
    "全面从严治党体系应当是一个什么样的系统？",
    "2022年辽宁地区生产总值增长了多少？",
    "What was Liaoning's total grain output in 2022?",
]


def create_demo(searcher: Searcher, settings: Settings) -> gr.ChatInterface:
    def respond(message: str, history: list) -> str:
        try:
            return format_reply(searcher.search(message, k=settings.top_k))
        except QuestionError as err:
            return escape(str(err))

    return gr.ChatInterface(
        fn=respond,
        title="学习资料问答 · 原文检索",
        description="输入问题，查看资料中回答它的原文段落及其出处。本系统只展示原文，不生成文字。",
        examples=EXAMPLES,
        chatbot=gr.Chatbot(height=560, latex_delimiters=[], label="检索结果"),
        textbox=gr.Textbox(placeholder="请输入问题，例如：中国式现代化有哪些中国特色？", max_length=2000),
        api_name="respond",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python app.py", description="Serve the retrieval chat.")
    add_options(parser, "host", "port", "top_k", "corpus_dir", "index_dir", "model", "model_cache")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    settings = load_settings(args)
    try:
        searcher = open_searcher(settings, build_if_missing=True)
    except RagError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    create_demo(searcher, settings).launch(server_name=settings.host, server_port=settings.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
