// FatTree and leaf-spine structure against hand-derived counts, paths checked against an
// independent breadth-first search over the link graph, and ECMP's spread by a chi-square test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <queue>
#include <set>

#include "topologies/ecmp.h"
#include "topologies/fat_tree.h"
#include "topologies/leaf_spine.h"

using namespace corelink;

namespace {

// Shortest-path distance (in links) and number of shortest paths from `src` to every node, by
// BFS over the shape's directed links: an oracle that knows nothing of FatTree's formulas.
struct Bfs {
    std::vector<int> dist;
    std::vector<uint64_t> count;
};
Bfs bfs(const FabricShape& s, uint32_t src) {
    std::vector<std::vector<uint32_t>> out(s.nodes());
    for (uint32_t l = 0; l < s.links(); ++l) out[s.link(l).from].push_back(s.link(l).to);
    Bfs b{std::vector<int>(s.nodes(), -1), std::vector<uint64_t>(s.nodes(), 0)};
    std::queue<uint32_t> q;
    b.dist[src] = 0;
    b.count[src] = 1;
    q.push(src);
    while (!q.empty()) {
        const uint32_t u = q.front();
        q.pop();
        // Hosts do not forward: a path may start or end at a host, never pass through one.
        if (s.is_host(u) && u != src) continue;
        for (uint32_t v : out[u]) {
            if (b.dist[v] < 0) {
                b.dist[v] = b.dist[u] + 1;
                q.push(v);
            }
            if (b.dist[v] == b.dist[u] + 1) b.count[v] += b.count[u];
        }
    }
    return b;
}

// Every path the shape generates for (src, dst) is a chain of links from src to dst of the BFS
// distance, the paths are pairwise distinct, and there are as many as BFS counts.
void check_paths(const FabricShape& s, uint32_t src, const Bfs& b, uint32_t dst) {
    const uint32_t n = s.path_count(src, dst);
    CHECK(n == b.count[dst]);
    std::set<std::vector<uint32_t>> seen;
    for (uint32_t i = 0; i < n; ++i) {
        std::vector<uint32_t> p;
        s.path(src, dst, i, p);
        REQUIRE(static_cast<int>(p.size()) == b.dist[dst]);
        CHECK(s.link(p.front()).from == src);
        CHECK(s.link(p.back()).to == dst);
        for (size_t h = 0; h + 1 < p.size(); ++h) CHECK(s.link(p[h]).to == s.link(p[h + 1]).from);
        seen.insert(p);
    }
    CHECK(seen.size() == n);
}

}  // namespace

TEST_CASE("FatTree(k): host, switch and link counts", "[fattree]") {
    // k^3/4 hosts; k pods of k/2 edge + k/2 aggregation switches plus (k/2)^2 cores = 5k^2/4
    // switches; cables: k^3/4 host links, k * (k/2)^2 = k^3/4 edge-aggregation, as many
    // aggregation-core; two directed links per cable.
    struct Case {
        uint32_t k, hosts, switches, cables;
    };
    for (Case c : {Case{4, 16, 20, 48}, Case{8, 128, 80, 384}, Case{16, 1024, 320, 3072}}) {
        FatTree t(FatTreeConfig{c.k, 100e6, 100e6});
        CHECK(t.hosts() == c.hosts);
        CHECK(t.switches() == c.switches);
        CHECK(t.links() == 2 * c.cables);
    }
}

TEST_CASE("FatTree(k): equal-cost path counts by host placement", "[fattree]") {
    // Same edge switch: 1 path; same pod: one per aggregation switch, k/2; different pods: one per
    // core switch, (k/2)^2. Hosts 0 and 1 share edge 0; host k/2 is on edge 1 of pod 0; host
    // k^2/4 is the first host of pod 1.
    for (uint32_t k : {4U, 8U, 16U}) {
        FatTree t(FatTreeConfig{k, 100e6, 100e6});
        CHECK(t.path_count(0, 1) == 1);
        CHECK(t.path_count(0, k / 2) == k / 2);
        CHECK(t.path_count(0, k * k / 4) == (k / 2) * (k / 2));
        CHECK(t.path_count(t.hosts() - 1, 0) == (k / 2) * (k / 2));
    }
}

TEST_CASE("FatTree(4): every path of every host pair is a distinct shortest path", "[fattree]") {
    FatTree t(FatTreeConfig{4, 100e6, 100e6});
    for (uint32_t s = 0; s < t.hosts(); ++s) {
        const Bfs b = bfs(t, s);
        for (uint32_t d = 0; d < t.hosts(); ++d)
            if (d != s) check_paths(t, s, b, d);
    }
}

TEST_CASE("FatTree(8): paths from a sample of sources are shortest paths", "[fattree]") {
    FatTree t(FatTreeConfig{8, 100e6, 100e6});
    for (uint32_t s : {0U, 5U, 37U, 127U}) {
        const Bfs b = bfs(t, s);
        for (uint32_t d = 0; d < t.hosts(); ++d)
            if (d != s) check_paths(t, s, b, d);
    }
}

TEST_CASE("FatTree: oversubscription sets the switch-to-switch rate", "[fattree]") {
    FatTree t(FatTreeConfig{4, 100e6, 25e6});
    std::vector<uint32_t> p;
    t.path(0, 15, 3, p);  // different pods: 6 links
    REQUIRE(p.size() == 6);
    CHECK(t.link(p.front()).rate_bps == 100e6);
    CHECK(t.link(p.back()).rate_bps == 100e6);
    for (size_t i = 1; i + 1 < p.size(); ++i) CHECK(t.link(p[i]).rate_bps == 25e6);
}

TEST_CASE("FatTree: bad k is refused", "[fattree]") {
    for (uint32_t k : {0U, 2U, 5U, 7U, FatTree::kMaxK + 2})
        CHECK_THROWS_AS(FatTree(FatTreeConfig{k, 1e8, 1e8}), std::invalid_argument);
}

TEST_CASE("Leaf-spine(L, S, H): counts and paths", "[leafspine]") {
    // L * H hosts, L + S switches, L * H host cables + L * S uplinks; 1 path within a leaf, S
    // between leaves; oversubscription H * R / (S * R_up) = 8 * 100 / (2 * 100) = 4.
    LeafSpine t(LeafSpineConfig{6, 2, 8, 100e6, 100e6});
    CHECK(t.hosts() == 48);
    CHECK(t.switches() == 8);
    CHECK(t.links() == 2 * (48 + 12));
    CHECK(t.path_count(0, 7) == 1);
    CHECK(t.path_count(0, 8) == 2);
    CHECK(t.oversubscription() == 4.0);
    for (uint32_t s : {0U, 9U, 47U}) {
        const Bfs b = bfs(t, s);
        for (uint32_t d = 0; d < t.hosts(); ++d)
            if (d != s) check_paths(t, s, b, d);
    }
    CHECK_THROWS_AS(LeafSpine(LeafSpineConfig{4, 0, 4, 1e8, 1e8}), std::invalid_argument);
}

TEST_CASE("ECMP spreads flows uniformly over equal-cost paths (chi-square)", "[ecmp]") {
    // 16,000 flow ids between two hosts in different pods of FatTree(8) (16 paths): under a
    // uniform hash each path's count is Binomial(16000, 1/16). Pearson's statistic has 15 degrees
    // of freedom; its 0.001 upper quantile is 37.70 (standard chi-square tables), so a uniform
    // hash fails this check once in a thousand seeds. Checked for three seeds and for a same-pod
    // pair (4 paths, 3 degrees of freedom, 0.001 quantile 16.27).
    FatTree t(FatTreeConfig{8, 100e6, 100e6});
    struct Pair {
        uint32_t src, dst;
        double critical;
    };
    for (Pair pr : {Pair{3, 100, 37.70}, Pair{0, 4, 16.27}}) {
        const uint32_t paths = t.path_count(pr.src, pr.dst);
        for (uint64_t seed : {1ULL, 2ULL, 99ULL}) {
            const EcmpHash h(seed);
            const uint32_t flows = 1000 * paths;
            std::vector<double> count(paths, 0.0);
            for (uint32_t f = 0; f < flows; ++f) count[h.pick(f, pr.src, pr.dst, paths)] += 1.0;
            const double expected = flows / static_cast<double>(paths);
            double chi2 = 0.0;
            for (double c : count) chi2 += (c - expected) * (c - expected) / expected;
            CHECK(chi2 < pr.critical);
        }
    }
}

TEST_CASE("ECMP: deterministic per seed, and another seed redraws the choices", "[ecmp]") {
    const EcmpHash a(7), b(7), c(8);
    int same = 0, differ = 0;
    for (uint32_t f = 0; f < 1000; ++f) {
        same += a.pick(f, 1, 2, 16) == b.pick(f, 1, 2, 16);
        differ += a.pick(f, 1, 2, 16) != c.pick(f, 1, 2, 16);
    }
    CHECK(same == 1000);
    // Independent draws agree with probability 1/16: about 62 of 1000, so at least 900 differ
    // unless the seed is ignored.
    CHECK(differ > 900);
}
