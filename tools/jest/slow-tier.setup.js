// Integration tiers start databases and servers (PGlite alone takes seconds to boot); Jest 30 ignores
// `testTimeout` inside `projects`, so it is set here.
jest.setTimeout(120_000);
