/// A number drawn once by each process and mixed into the hashes of stance's own tables (the ids a
/// journal's reader numbers, `IdNumbers`; the table of current stances, `PairTable`), so that a
/// journal cannot be built of keys that all fall into one run of a table and make loading it
/// quadratic. Those hashes are no keyed cryptographic ones, but which keys collide now depends on
/// a number the journal's author cannot know. (`State`'s dictionaries are Swift's, seeded too.)
enum HashSeed {
    static let value = UInt64.random(in: .min ... .max)
}
