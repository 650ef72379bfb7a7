// Makes a textarea as tall as its text, so a long headline or standfirst is seen whole.
// (CSS `field-sizing: content` would do it, but WebKitGTK does not support it yet.)
export function autogrow(textarea: HTMLTextAreaElement) {
  const fit = () => {
    textarea.style.height = "auto";
    // A bordered box (box-sizing: border-box) needs its borders on top of the text's height.
    const borders = textarea.offsetHeight - textarea.clientHeight;
    textarea.style.height = `${textarea.scrollHeight + borders}px`;
  };
  const observer = new ResizeObserver(fit);
  observer.observe(textarea);
  textarea.addEventListener("input", fit);
  fit();
  // The value may be set just after the action starts.
  requestAnimationFrame(fit);
  return {
    destroy() {
      observer.disconnect();
      textarea.removeEventListener("input", fit);
    },
  };
}
