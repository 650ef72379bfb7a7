import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    sourcemap: false,
    // One bundle read from local disk by a desktop app; CodeMirror with Markdown is ~580 kB.
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      input: {
        app: `${root}index.html`,
        // The window bench's typing control (the body editor without the shared document).
        "plain-editor": `${root}bench/plain-editor.html`,
      },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
