// Writes src/router.generated.ts: the API's router type as the SDK publishes it — every procedure's
// input and output written out structurally, under a root with an empty context — so the package's
// declarations need @trpc/server and nothing of the server (`AppRouter` itself drags the request
// context along: the drizzle database, postgres.js, the logger…).
//
//   pnpm --filter @frontdesk/client generate:router
//
// src/router-agrees.ts fails the type check when the generated file and the router disagree, so a
// stale file cannot land; re-run this script after changing a procedure.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "..");
const probePath = path.join(packageDir, "src", "__router_probe__.ts");
const outPath = path.join(packageDir, "src", "router.generated.ts");

const probe = `
import type { AppRouter } from "@frontdesk/api";
export type ProbeRecord = AppRouter["_def"]["record"];
export type ProbeErrorShape = AppRouter["_def"]["_config"]["$types"]["errorShape"];
`;

const config = ts.getParsedCommandLineOfConfigFile(
  path.join(packageDir, "tsconfig.json"),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) =>
      fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  },
);
if (!config) fail("cannot read tsconfig.json");
const host = ts.createCompilerHost(config.options);
const readFile = host.readFile.bind(host);
const getSourceFile = host.getSourceFile.bind(host);
host.readFile = (file) => (path.resolve(file) === probePath ? probe : readFile(file));
host.fileExists = (
  (exists) => (file: string) =>
    path.resolve(file) === probePath || exists(file)
)(host.fileExists.bind(host));
host.getSourceFile = (file, language, onError) =>
  path.resolve(file) === probePath
    ? ts.createSourceFile(file, probe, language)
    : getSourceFile(file, language, onError);
const program = ts.createProgram([probePath], config.options, host);
const checker = program.getTypeChecker();
const probeFile = program.getSourceFile(probePath) ?? fail("probe not compiled");

function fail(message: string): never {
  throw new Error(`generate-router: ${message}`);
}

function aliasType(name: string): ts.Type {
  for (const statement of probeFile.statements) {
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) {
      return checker.getTypeAtLocation(statement.name);
    }
  }
  fail(`no ${name} in the probe`);
}

const IDENTIFIER = /^[a-z_$][\w$]*$/i;
const propertyName = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/** Types met again while being printed: they get a named alias (e.g. a JSON value). */
const recursive = new Map<ts.Type, string>();
const aliasBodies = new Map<string, string>();
let printing: ts.Type[] = [];

/** A named interface or class of TypeScript's lib (Date, Uint8Array, Map…), not an anonymous shape. */
function isLibType(type: ts.ObjectType): boolean {
  const named = ts.ObjectFlags.Interface | ts.ObjectFlags.Class | ts.ObjectFlags.Reference;
  if (!(type.objectFlags & named) || type.getSymbol()?.getName().startsWith("__")) return false;
  const declarations = type.getSymbol()?.getDeclarations() ?? [];
  return (
    declarations.length > 0 &&
    declarations.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))
  );
}

function print(type: ts.Type, depth = 0): string {
  if (depth > 60) fail(`type nested too deeply: ${checker.typeToString(type)}`);
  const named = recursive.get(type);
  if (named && printing.includes(type)) return named;
  if (printing.includes(type)) {
    const base = type.aliasSymbol?.getName() ?? "Recursive";
    let name = base;
    for (let i = 2; [...recursive.values()].includes(name); i++) name = `${base}${i}`;
    recursive.set(type, name);
    return name;
  }
  printing.push(type);
  try {
    const body = printBody(type, depth);
    const alias = recursive.get(type);
    if (alias) {
      aliasBodies.set(alias, body);
      return alias;
    }
    return body;
  } finally {
    printing.pop();
  }
}

function wrap(text: string, type: ts.Type): string {
  return type.isUnion() || type.isIntersection() ? `(${text})` : text;
}

function printBody(type: ts.Type, depth: number): string {
  const f = type.flags;
  if (f & ts.TypeFlags.Any) fail(`an \`any\` reached the SDK's types (${printingPath()})`);
  if (f & ts.TypeFlags.Unknown) return "unknown";
  if (f & ts.TypeFlags.Never) return "never";
  if (f & ts.TypeFlags.Void) return "void";
  if (f & ts.TypeFlags.Undefined) return "undefined";
  if (f & ts.TypeFlags.Null) return "null";
  if (f & ts.TypeFlags.String) return "string";
  if (f & ts.TypeFlags.Number) return "number";
  if (f & ts.TypeFlags.BigInt) return "bigint";
  if (f & ts.TypeFlags.Boolean) return "boolean";
  if (f & ts.TypeFlags.ESSymbol) return "symbol";
  if (f & ts.TypeFlags.NonPrimitive) return "object";
  if (type.isStringLiteral()) return JSON.stringify(type.value);
  if (type.isNumberLiteral()) return String(type.value);
  if (f & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.BigIntLiteral))
    return checker.typeToString(type);
  if (f & ts.TypeFlags.TemplateLiteral) {
    const text = checker.typeToString(type);
    if (/\b[A-Z]\w*</.test(text)) fail(`template literal type with references: ${text}`);
    return text;
  }
  if (type.isUnion()) return printUnion(type.types, depth);
  if (type.isIntersection()) {
    return type.types.map((t) => wrap(print(t, depth + 1), t)).join(" & ");
  }
  if (f & ts.TypeFlags.Object) return printObject(type as ts.ObjectType, depth);
  fail(`unsupported type ${checker.typeToString(type)} (${printingPath()})`);
}

function printUnion(members: readonly ts.Type[], depth: number): string {
  const literal = (t: ts.Type) =>
    t.flags & ts.TypeFlags.BooleanLiteral ? checker.typeToString(t) : undefined;
  const hasBoth =
    members.some((t) => literal(t) === "true") && members.some((t) => literal(t) === "false");
  const parts: string[] = [];
  for (const member of members) {
    if (hasBoth && literal(member)) {
      if (!parts.includes("boolean")) parts.push("boolean");
      continue;
    }
    parts.push(wrapFunction(print(member, depth + 1)));
  }
  return parts.join(" | ");
}

function wrapFunction(text: string): string {
  return text.includes("=>") ? `(${text})` : text;
}

function printObject(type: ts.ObjectType, depth: number): string {
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    if (!element) fail("array without element type");
    const readonly = type.getSymbol()?.getName() === "ReadonlyArray" ? "readonly " : "";
    return `${readonly}${wrap(print(element, depth + 1), element)}[]`;
  }
  if (checker.isTupleType(type)) {
    const reference = type as ts.TypeReference;
    const target = reference.target as ts.TupleType;
    const elements = checker.getTypeArguments(reference).map((element, i) => {
      const flags = target.elementFlags[i] ?? ts.ElementFlags.Required;
      const text = print(element, depth + 1);
      if (flags & ts.ElementFlags.Rest) return `...${wrap(text, element)}[]`;
      if (flags & ts.ElementFlags.Optional) return `${wrap(text, element)}?`;
      return text;
    });
    return `${target.readonly ? "readonly " : ""}[${elements.join(", ")}]`;
  }
  if (isLibType(type)) {
    // Date, Uint8Array, Map<…>: the lib's own name (superjson carries these across the wire).
    const name = type.getSymbol()?.getName() ?? fail("lib type without a name");
    const args =
      (type as ts.TypeReference).target !== undefined
        ? checker.getTypeArguments(type as ts.TypeReference)
        : [];
    return args.length ? `${name}<${args.map((a) => print(a, depth + 1)).join(", ")}>` : name;
  }
  if (type.getCallSignatures().length || type.getConstructSignatures().length) {
    fail(`a function type reached the SDK's types (${printingPath()})`);
  }
  const members: string[] = [];
  for (const info of checker.getIndexInfosOfType(type)) {
    members.push(`[key: ${print(info.keyType, depth + 1)}]: ${print(info.type, depth + 1)}`);
  }
  for (const property of checker.getPropertiesOfType(type)) {
    const name = property.getName();
    if (name.startsWith("__@")) fail(`symbol-keyed property ${name} (${printingPath()})`);
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const propertyType = checker.getTypeOfSymbol(property);
    // `?:` already says `| undefined`.
    const kept =
      optional && propertyType.isUnion()
        ? propertyType.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined))
        : [propertyType];
    const text =
      kept.length === 1 ? print(kept[0] as ts.Type, depth + 1) : printUnion(kept, depth + 1);
    members.push(`${propertyName(name)}${optional ? "?" : ""}: ${text}`);
  }
  return members.length ? `{ ${members.join("; ")} }` : "{}";
}

function printingPath(): string {
  return printing.map((t) => checker.typeToString(t).slice(0, 60)).join(" › ");
}

function propertyType(type: ts.Type, name: string): ts.Type | undefined {
  const symbol = type.getProperty(name);
  return symbol ? checker.getTypeOfSymbol(symbol) : undefined;
}

function printRecord(record: ts.Type, indent: string, at: string[]): string {
  const lines: string[] = [];
  for (const entry of checker.getPropertiesOfType(record)) {
    const name = entry.getName();
    const type = checker.getTypeOfSymbol(entry);
    const def = propertyType(type, "_def");
    const kind = def && propertyType(def, "type");
    if (def && kind?.isStringLiteral()) {
      const types = propertyType(def, "$types") ?? fail(`${[...at, name].join(".")}: no $types`);
      const input = propertyType(types, "input") ?? fail("no input type");
      const output = propertyType(types, "output") ?? fail("no output type");
      const procedure = { query: "Query", mutation: "Mutation", subscription: "Subscription" }[
        kind.value
      ];
      if (!procedure) fail(`${name}: unknown procedure type ${kind.value}`);
      printing = [];
      const inputText = print(input);
      printing = [];
      const outputText = print(output);
      lines.push(`${indent}${propertyName(name)}: ${procedure}<${inputText}, ${outputText}>;`);
    } else {
      lines.push(`${indent}${propertyName(name)}: {`);
      lines.push(printRecord(type, `${indent}  `, [...at, name]));
      lines.push(`${indent}};`);
    }
  }
  return lines.join("\n");
}

const errorShape = print(aliasType("ProbeErrorShape"));
const record = printRecord(aliasType("ProbeRecord"), "  ", []);
// A second pass would be needed only if a recursive type was first met outside its own alias;
// print() records the alias body whenever it closes the cycle, so one pass suffices.
const aliases = [...aliasBodies].map(([name, body]) => `export type ${name} = ${body};`);

const source = `// GENERATED by scripts/generate-router.ts from the API's router — do not edit; run
// \`pnpm --filter @frontdesk/client generate:router\` after changing a procedure (src/router-agrees.ts
// fails the type check while this file is stale). Every procedure's input and output are written out
// so that the published declarations need nothing of the server.
import type {
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCSubscriptionProcedure,
} from "@trpc/server";

type Query<I, O> = TRPCQueryProcedure<{ input: I; output: O; meta: object }>;
type Mutation<I, O> = TRPCMutationProcedure<{ input: I; output: O; meta: object }>;
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- used when the router has subscriptions
type Subscription<I, O> = TRPCSubscriptionProcedure<{ input: I; output: O; meta: object }>;

${aliases.join("\n\n")}

/** The error shape every failed call carries (\`error.data.code\` is the stable part). */
export type FrontdeskErrorShape = ${errorShape};

/** The API's router as the SDK sees it: procedures and their types, no server context. */
export type FrontdeskRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: FrontdeskErrorShape; transformer: true },
  {
${record}
  }
>;
`;

const formatted = await format(source, {
  ...(await resolveConfig(outPath)),
  filepath: outPath,
});
writeFileSync(outPath, formatted);
console.log(
  `wrote ${path.relative(process.cwd(), outPath)} (${formatted.split("\n").length} lines)`,
);
