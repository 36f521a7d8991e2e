int a_private(void);
