() => {
  // A new question scrolls the chat (or the page, where the chat is not a scroll box of its own)
  // so that the question sits at the top: its answer then opens at its first line, with the
  // sources folded below it, instead of the chat jumping to the end of a long answer. The question
  // is held there while its answer streams in, until the person scrolls or types.
  const scroller = (node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      const overflow = getComputedStyle(el).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && el.scrollHeight > el.clientHeight) return el;
    }
    return document.scrollingElement;
  };
  // Labels Gradio writes in English whatever the language (read aloud by screen readers).
  const labels = {
    "Click to upload or drop files": "点击选择或拖入文件上传",
    "Scroll down": "滚动到最新消息",
    "More tabs": "更多标签页",
  };
  const translate = () => {
    for (const el of document.querySelectorAll("[aria-label]")) {
      const chinese = labels[el.getAttribute("aria-label")];
      if (chinese) el.setAttribute("aria-label", chinese);
    }
  };
  let seen = 0;
  let pending = null;
  const settle = () => {
    if (!pending || !pending.isConnected) return;
    const box = scroller(pending);
    const top = box === document.scrollingElement ? 0 : box.getBoundingClientRect().top;
    box.scrollTop += pending.getBoundingClientRect().top - top - 8;
  };
  const follow = () => {
    const rows = document.querySelectorAll("#chatbot .user-row");
    if (rows.length > seen) pending = rows[rows.length - 1];
    seen = rows.length;
    settle();
    translate();
  };
  for (const stop of ["wheel", "touchmove", "keydown"]) addEventListener(stop, () => (pending = null), true);
  new MutationObserver(follow).observe(document.body, { childList: true, subtree: true, characterData: true });
}
