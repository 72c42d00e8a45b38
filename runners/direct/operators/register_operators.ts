// Importing the operator modules registers them with the SDK's worker under the runner's URNs.
import "./source_operator";
import "./keyed_aggregation_operator";
import "./collect_side_input_operator";
import "./side_input_pushback_operator";
