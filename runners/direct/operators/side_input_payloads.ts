/** Payload of a collector: which ParDo side input its elements fill. */
export interface CollectSideInputPayload {
  parDoTransformId: string;
  sideInputId: string;
  accessPattern: string;
}

/** Payload of a pushback: the side inputs (original PCollections) its main input waits for, and how windows map onto them. */
export interface SideInputPushbackPayload {
  sideInputs: { pcollectionId: string; windowMappingUrn: string }[];
}
