// Placeholder for sections whose pages have not landed yet. A real page at t/[tenantId]/<section>
// takes precedence over this dynamic segment; delete this file once every section has one.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SECTIONS } from "../sections";

type Params = Promise<{ tenantId: string; section: string }>;

function sectionFor(slug: string) {
  return SECTIONS.find((s) => s.slug !== "" && s.slug === slug);
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const section = sectionFor((await params).section);
  return { title: section?.label ?? "Not found" };
}

export default async function SectionPlaceholder({ params }: { params: Params }) {
  const section = sectionFor((await params).section);
  if (!section) notFound();
  return (
    <>
      <h1>{section.label}</h1>
      <p className="muted">This section is on its way.</p>
    </>
  );
}
