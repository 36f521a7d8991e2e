/* The project page's materials section: list, downloads, upload form (§4.1). */
#ifndef BAOTU_WEB_UI_MATERIALS_H
#define BAOTU_WEB_UI_MATERIALS_H
#include "web/http.h"

void ui_materials_section(req *r, int64_t project_id);
#endif
