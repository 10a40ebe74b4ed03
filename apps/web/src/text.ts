/** The shape of a language table: the English one is typed against the Chinese one, so no key is missing. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
