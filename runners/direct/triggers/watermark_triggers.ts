import { repeatedly } from "./composite_triggers";
import { type TriggerContext, type TriggerMachine, endOfWindowReached } from "./trigger_machine";

/**
 * Beam's default trigger: fire when the watermark passes the end of the
 * window, then again for every late element (within allowed lateness); never
 * finishes.
 */
export function defaultTrigger(): TriggerMachine<null> {
  return {
    newState: () => null,
    onElement: () => {},
    shouldFire: (_state, context) => endOfWindowReached(context),
    onFire: () => {},
    isFinished: () => false,
  };
}

interface EndOfWindowState {
  phase: "early" | "late" | "finished";
  early: unknown;
  late: unknown;
}

/**
 * AfterWatermark.pastEndOfWindow() with optional early and late firings,
 * each repeated (Beam's AfterWatermarkEarlyAndLate wraps them in
 * Repeatedly.forever). The on-time firing ends the early phase; without late
 * firings it finishes the trigger, closing the window.
 */
export function afterEndOfWindow(
  earlyFirings: TriggerMachine<unknown> | undefined,
  lateFirings: TriggerMachine<unknown> | undefined,
): TriggerMachine<EndOfWindowState> {
  const early: TriggerMachine<unknown> | undefined = earlyFirings && repeatedly(earlyFirings);
  const late: TriggerMachine<unknown> | undefined = lateFirings && repeatedly(lateFirings);
  return {
    newState: () => ({ phase: "early", early: early?.newState(), late: undefined }),
    onElement(state, context) {
      if (state.phase === "early") early?.onElement(state.early, context);
      else if (state.phase === "late") late?.onElement(state.late, context);
    },
    shouldFire(state, context) {
      if (state.phase === "early") {
        return endOfWindowReached(context) || (early?.shouldFire(state.early, context) ?? false);
      }
      return state.phase === "late" && late !== undefined && late.shouldFire(state.late, context);
    },
    onFire(state: EndOfWindowState, context: TriggerContext) {
      if (state.phase === "early" && endOfWindowReached(context)) {
        state.phase = late === undefined ? "finished" : "late";
        state.early = undefined;
        state.late = late?.newState();
      } else if (state.phase === "early") {
        early?.onFire(state.early, context);
      } else if (state.phase === "late") {
        late?.onFire(state.late, context);
      }
    },
    isFinished: (state) => state.phase === "finished",
  };
}
