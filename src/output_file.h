// Result files are written whole or not at all: into a temporary file beside the target, then
// renamed over it, so an interrupted run never leaves a partial or corrupt result.
#pragma once

#include <string>
#include <string_view>

namespace corelink {

// Throws std::runtime_error naming the path if the file cannot be written.
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace corelink
