// The API reference, rendered on the server from the same OpenAPI document /api/openapi.json
// serves: no client-side reference library (they inject un-nonced styles and need eval, which the
// console's CSP refuses), no sign-in (integrators read it before they have an account).
import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocumentJson } from "@frontdesk/api";
import {
  referenceView,
  type FieldRow,
  type OpenApiDocument,
  type OperationView,
} from "./reference";
import styles from "./api-reference.module.css";

export const metadata: Metadata = { title: "API reference" };

function Fields({
  rows,
  caption,
  locations,
}: {
  rows: FieldRow[];
  caption: string;
  locations?: Record<string, string>;
}) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className={styles.caption}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            {locations && <th scope="col">In</th>}
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col">Rules</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                <code>{row.name}</code>
              </th>
              {locations && <td>{locations[row.name]}</td>}
              <td>
                <code>{row.type}</code>
              </td>
              <td>{row.required ? "required" : "optional"}</td>
              <td>
                {row.enumValues.length > 0 && (
                  <p>
                    One of:{" "}
                    {row.enumValues.map((v, i) => (
                      <span key={v}>
                        {i > 0 && ", "}
                        <code>{v}</code>
                      </span>
                    ))}
                  </p>
                )}
                {row.constraints.length > 0 && (
                  <p className={styles.rules}>{row.constraints.join(" · ")}</p>
                )}
                {row.description && <p>{row.description}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OperationSection({ op }: { op: OperationView }) {
  const headingId = `${op.id}-heading`;
  return (
    <section id={op.id} aria-labelledby={headingId} className={styles.operation}>
      <h3 id={headingId} className={styles.operationHeading}>
        <span className={styles.method} data-method={op.method}>
          {op.method}
        </span>{" "}
        <code>{op.path}</code>
      </h3>
      <p className={styles.summary}>{op.summary}</p>
      {op.description && <p>{op.description}</p>}
      <p>
        <strong>Auth:</strong> {op.auth}
      </p>
      {op.parameters.length > 0 && (
        <Fields rows={op.parameters} caption="Parameters" locations={op.parameterLocations} />
      )}
      {op.body.length > 0 && (
        <Fields
          rows={op.body}
          caption={`Request body (application/json, ${op.bodyRequired ? "required" : "optional"})`}
        />
      )}
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className={styles.caption}>Responses</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Body</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {op.responses.map((r) => (
              <tr key={r.status}>
                <th scope="row">{r.status}</th>
                <td>
                  {r.errorCode ? (
                    <>
                      problem, <code>code: {r.errorCode}</code>
                    </>
                  ) : (
                    r.bodyName && <code>{r.bodyName}</code>
                  )}
                </td>
                <td>{r.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {op.responses
        .filter((r) => r.fields.length > 0)
        .map((r) => (
          <details key={r.status} className={styles.details}>
            <summary>
              {r.status} body fields{r.bodyName ? ` (${r.bodyName})` : ""}
            </summary>
            <Fields rows={r.fields} caption={`${r.status} response body`} />
          </details>
        ))}
    </section>
  );
}

export default function ApiReferencePage() {
  // The served document, not a second copy: what this page shows is what clients generate from.
  const doc = JSON.parse(openApiDocumentJson()) as OpenApiDocument;
  const tags = referenceView(doc);
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>
          {doc.info.title} reference <span className={styles.version}>v{doc.info.version}</span>
        </h1>
        <p>
          The REST routes for integrators in any language. Every route takes a Bearer API key from
          Settings → API keys; errors are RFC 9457 problem bodies (
          <code>application/problem+json</code>) whose <code>code</code> is stable — branch on it,
          not on the text. The machine-readable document:{" "}
          <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
        </p>
        <p>
          <Link href="/sign-in">Sign in to the console</Link>
        </p>
      </header>
      <div className={styles.layout}>
        <nav aria-label="API reference contents" className={styles.toc}>
          <h2 className={styles.tocHeading}>Contents</h2>
          <ul>
            {tags.map((tag) => (
              <li key={tag.id}>
                <a href={`#${tag.id}`}>{tag.name}</a>
                <ul>
                  {tag.operations.map((op) => (
                    <li key={op.id}>
                      <a href={`#${op.id}`}>
                        <span className={styles.tocMethod}>{op.method}</span> {op.path}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </nav>
        <main className={styles.main}>
          {tags.map((tag) => (
            <section
              key={tag.id}
              id={tag.id}
              aria-labelledby={`${tag.id}-heading`}
              className={styles.tag}
            >
              <h2 id={`${tag.id}-heading`}>{tag.name}</h2>
              {tag.description && <p>{tag.description}</p>}
              {tag.operations.map((op) => (
                <OperationSection key={op.id} op={op} />
              ))}
            </section>
          ))}
        </main>
      </div>
    </div>
  );
}
