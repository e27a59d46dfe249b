/** The shape of the Go API facts in schema-facts.ts (see extract-go-schema-facts.ts). */

/** One field: its Go type as reflect prints it, and the patch / list / map markers upstream declares. */
export interface GoFieldFacts {
  go: string;
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  mapType?: 'atomic' | 'granular';
  /** For `+enum` string types: each value with its constant's comment, sorted by value. */
  enum?: [string, string][];
  /** The protobuf field number from the `protobuf:"..."` struct tag. */
  pb?: number;
  /** A non-pointer field tagged `omitempty`: its zero value is absent from the JSON form. */
  omitEmpty?: boolean;
}

/** One Go struct: its fields by JSON name, and `+structType` when declared. */
export interface GoStructFacts {
  fields: Record<string, GoFieldFacts>;
  structType?: 'atomic' | 'granular';
  /** Embedded structs with JSON inlined: protobuf field number -> the embedded struct's name. */
  inline?: Record<string, string>;
}
