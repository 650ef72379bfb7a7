import { mount } from "svelte";
import App from "./App.svelte";
import PreviewWindow from "./components/PreviewWindow.svelte";
import "./app.css";

// Which fonts the page asks for depends on it (app.css): WebKitGTK's user agent names Linux.
document.documentElement.dataset.platform = /Linux/.test(navigator.userAgent) ? "linux" : "other";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
// The detached preview window loads the same page with #preview.
export default mount(location.hash === "#preview" ? PreviewWindow : App, { target });
