/**
 * Schemas compiled on first use instead of at start. Fastify compiles every route's validators (ajv)
 * and response serializers (fast-json-stringify) while it gets ready: ≈ 0.3–1.5 s of a start on this
 * machine for ~100 routes, most of which a given process never serves in its first minute. These
 * wrappers hand Fastify a function at once and compile the real one on the route's first request
 * (a few ms, once). Bad schemas are still caught: the route's tests fail on their first call.
 */
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type ValidatorCompiler = (route: never) => Validate;
type Serialize = (doc: unknown) => string;
type SerializerCompiler = (route: never) => Serialize;

/** A validator whose compilation waits for its first call; `errors` reads through (ajv's contract). */
export function lazyValidatorCompiler(compile: ValidatorCompiler): ValidatorCompiler {
  return (route) => {
    let fn: Validate | undefined;
    const validate: Validate = (data) => (fn ??= compile(route))(data);
    Object.defineProperty(validate, 'errors', { get: () => fn?.errors, enumerable: true });
    return validate;
  };
}

/** The default fast-json-stringify serializer factory, each serializer compiled on first use. */
export function lazySerializerFactory() {
  const factory = SerializerSelector();
  return (externalSchemas: unknown, options: unknown): SerializerCompiler => {
    const compiler = factory(externalSchemas as never, options as never) as unknown as SerializerCompiler;
    return (route) => {
      let fn: Serialize | undefined;
      return (doc) => (fn ??= compiler(route))(doc);
    };
  };
}
