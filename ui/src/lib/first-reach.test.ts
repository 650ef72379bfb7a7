import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { onFirstReach } from "./first-reach";

describe("onFirstReach", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("waits for the person, however long the window stays untouched", async () => {
    const window = new EventTarget();
    let runs = 0;
    onFirstReach(window, 1000, () => (runs += 1));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(0);
    window.dispatchEvent(new Event("pointermove"));
    expect(runs).toBe(1);
  });

  it("holds a reach in the first moments until they have passed, and runs once", async () => {
    const window = new EventTarget();
    let runs = 0;
    onFirstReach(window, 1000, () => (runs += 1));
    window.dispatchEvent(new Event("keydown"));
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    window.dispatchEvent(new Event("pointerdown"));
    window.dispatchEvent(new Event("keydown"));
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
  });

  it("does not run once stopped (the window closed)", async () => {
    const window = new EventTarget();
    let runs = 0;
    const stop = onFirstReach(window, 1000, () => (runs += 1));
    window.dispatchEvent(new Event("pointermove"));
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    window.dispatchEvent(new Event("pointermove"));
    expect(runs).toBe(0);
  });

  it("is not woken by what is not the person reaching", async () => {
    const window = new EventTarget();
    let runs = 0;
    onFirstReach(window, 1000, () => (runs += 1));
    await vi.advanceTimersByTimeAsync(2000);
    window.dispatchEvent(new Event("focus"));
    window.dispatchEvent(new Event("resize"));
    expect(runs).toBe(0);
  });
});
