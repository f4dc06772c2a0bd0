#include "output_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace corelink {

void write_file_atomically(const std::string& path, std::string_view content) {
    const std::string tmp = fmt::format("{}.tmp.{}", path, static_cast<long>(::getpid()));
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
        throw std::runtime_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    const bool closed = std::fclose(f) == 0;
    if (!ok || !closed || std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw std::runtime_error(fmt::format("cannot write {}: {}", path, std::strerror(err)));
    }
}

}  // namespace corelink
