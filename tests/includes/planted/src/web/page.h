void page(void);
