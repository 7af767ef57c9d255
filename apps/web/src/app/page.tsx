export default function HomePage() {
  return (
    <main>
      <h1>Frontdesk</h1>
      <p>
        A multi-tenant back office for clinics and shops: bookings, orders and refunds, conversation
        quality scores, metrics dashboards, and a PHI gate that masks or blocks protected health
        information before it is stored.
      </p>
      <p>
        The admin console is on its way. Integrators use the typed SDK against{" "}
        <code>/api/trpc</code>.
      </p>
      <p>
        <a href="/api/health">Service health</a>
      </p>
    </main>
  );
}
