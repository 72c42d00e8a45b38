import { parseProblem } from "./dead_letter";

/** The CloudEvent types KServe's inference logger gives the two halves of an exchange (v1 and v2 alike). */
const INFERENCE_REQUEST_TYPE = "org.kubeflow.serving.inference.request";
const INFERENCE_RESPONSE_TYPE = "org.kubeflow.serving.inference.response";

/** Which half of an exchange a KServe CloudEvent type names; any other type is "unknown-event-type". */
export function partOfEventType(type: string): "request" | "response" {
  if (type === INFERENCE_REQUEST_TYPE) return "request";
  if (type === INFERENCE_RESPONSE_TYPE) return "response";
  throw parseProblem(
    "unknown-event-type",
    `CloudEvent type "${type}" is neither ${INFERENCE_REQUEST_TYPE} nor ${INFERENCE_RESPONSE_TYPE}`,
  );
}
