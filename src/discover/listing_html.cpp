#include "sezu/discover/listing.hpp"

#include "sezu/core/c_handle.hpp"
#include "sezu/discover/url.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <set>

namespace sezu {

namespace {

// xmlFree is a variable (a pointer to the allocator's free), not a function: its own deleter.
struct XmlFree {
    void operator()(xmlChar* p) const noexcept { xmlFree(p); }
};

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/// Whitespace around an attribute value is not part of the link (HTML's URL parsing strips it).
std::string trimmed(const std::string& s)
{
    std::size_t begin = 0, end = s.size();
    while (begin < end && is_space(s[begin]))
        ++begin;
    while (end > begin && is_space(s[end - 1]))
        --end;
    return s.substr(begin, end - begin);
}

class LinkCollector {
public:
    explicit LinkCollector(const std::string& base_url) : m_base(base_url) {}

    void walk(const xmlNode* node)
    {
        for (; node != nullptr; node = node->next) {
            if (node->type != XML_ELEMENT_NODE)
                continue;
            if (xmlStrcasecmp(node->name, BAD_CAST "a") == 0)
                take(node);
            walk(node->children);
        }
    }

    std::vector<ListingEntry> entries;

private:
    void take(const xmlNode* anchor)
    {
        // The parser has decoded the entities; the value is UTF-8.
        const std::unique_ptr<xmlChar, XmlFree> value(
            xmlGetProp(const_cast<xmlNode*>(anchor), BAD_CAST "href"));
        if (!value)
            return;
        const std::string href = trimmed(reinterpret_cast<const char*>(value.get()));
        // The page itself: sort links of an autoindex ("?C=N;O=D"), anchors ("#top").
        if (href.empty() || href[0] == '?' || href[0] == '#')
            return;
        std::optional<std::string> url = resolve_url(m_base, href);
        if (!url)
            return;
        std::optional<std::string> name = url_file_name(*url);
        if (!name || name->empty())
            return; // a folder: the parent, a sub-folder, the site root
        // Autoindex pages link each file twice (icon and name): keep the first.
        if (!m_seen.insert(*url).second)
            return;
        entries.push_back(ListingEntry{std::move(*name), std::move(*url)});
    }

    std::string m_base;
    std::set<std::string> m_seen;
};

/// The table of an Apache listing with a style sheet (EOG's Apaxy theme): <table
/// id="indexlist">, or nothing. Its rows are the folder's files; the theme's header and footer
/// around it link the site's home, breadcrumbs and pages elsewhere, which are not.
const xmlNode* index_table(const xmlNode* node)
{
    for (; node != nullptr; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcasecmp(node->name, BAD_CAST "table") == 0) {
            const std::unique_ptr<xmlChar, XmlFree> id(
                xmlGetProp(const_cast<xmlNode*>(node), BAD_CAST "id"));
            if (id && xmlStrcmp(id.get(), BAD_CAST "indexlist") == 0)
                return node;
        }
        if (const xmlNode* inside = index_table(node->children))
            return inside;
    }
    return nullptr;
}

} // namespace

std::vector<ListingEntry> parse_listing(const std::string& html, const std::string& base_url)
{
    if (html.empty())
        return {};
    xmlInitParser();
    // Recover from anything (listings are hand-made too), never touch the network, stay quiet:
    // a page that yields no links is reported by discovery, not by libxml2 on stderr.
    const int options =
        HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
    const CHandle<xmlDoc, xmlFreeDoc> doc(
        htmlReadMemory(html.data(), int(std::min<std::size_t>(html.size(), INT_MAX)),
                       base_url.c_str(), nullptr, options));
    if (!doc)
        return {};
    LinkCollector links(base_url);
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (const xmlNode* table = index_table(root))
        links.walk(table->children);
    else
        links.walk(root);
    return std::move(links.entries);
}

} // namespace sezu
