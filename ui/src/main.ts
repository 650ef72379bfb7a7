import { mount } from "svelte";
import App from "./App.svelte";
import PreviewWindow from "./components/PreviewWindow.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
// The detached preview window loads the same page with #preview.
export default mount(location.hash === "#preview" ? PreviewWindow : App, { target });
